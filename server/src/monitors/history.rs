//! The monitor page's history: one timeline row per trigger and the alerts-over-time
//! histogram, from ONE aggregation over `.opendistro-alerting-alert*` (active and history).
//!
//! The Dashboards fetch up to 800 alerts and lay them out in the browser; we let the cluster
//! bucket them instead, so the answer stays small however many alerts a monitor has. Each
//! alert is counted in every bucket it spanned (as the Dashboards' own histogram script
//! does), split into three phases so the rows can be coloured: *triggered* (start until it
//! was acknowledged or ended), *acknowledged* (acknowledgement until the end) and *error*
//! (an ERROR alert's whole span). An alert that is still open spans until "now".
//!
//! Everything but [`monitor_history`] is pure (request body in, parsed model out) so it is
//! unit-tested without a cluster.

use std::collections::{BTreeSet, HashMap};

use app::api::{HistogramBucket, HistoryQuery, MonitorHistory, TimeTick, TimelineSegment, TimelineState, TriggerTimeline};
use chrono::{TimeZone, Utc};
use serde::{Deserialize, de::IgnoredAny};
use serde_json::{Value, json};

use super::parse::TriggerName;
use crate::{
    cluster::{
        ClusterClient,
        answers::{Buckets, EpochMillis, Metric, SearchAnswer, TopHits, monitor::TriggerView},
    },
    error::{ApiError, ApiResult},
};

pub const DEFAULT_DAYS: u32 = 2;
pub const MAX_DAYS: u32 = 30;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// At most this many buckets per row: fine enough to read, small enough to draw and send.
const MAX_BUCKETS: i64 = 200;

/// Bucket widths we pick from; the smallest that keeps a row within [`MAX_BUCKETS`].
const INTERVALS: [i64; 12] =
    [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

/// The time range shown and its bucket width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from_ms: i64,
    pub to_ms: i64,
    pub interval_ms: i64,
}

impl Window {
    /// The last `days` days up to `now_ms`.
    pub fn last_days(now_ms: i64, days: u32) -> Window {
        Window::ending(now_ms, i64::from(days.clamp(1, MAX_DAYS)) * DAY)
    }

    /// `span_ms` (at least an hour, at most [`MAX_DAYS`]) up to `to_ms`.
    pub fn ending(to_ms: i64, span_ms: i64) -> Window {
        let span = span_ms.clamp(HOUR, i64::from(MAX_DAYS) * DAY);
        let interval_ms = INTERVALS.into_iter().find(|i| span / i <= MAX_BUCKETS).unwrap_or(DAY);
        Window { from_ms: to_ms - span, to_ms, interval_ms }
    }

    /// The window a history query asks for at `now_ms`, or the field it gets wrong.
    pub fn of_query(now_ms: i64, q: &HistoryQuery) -> ApiResult<Window> {
        let span = match (q.days, q.hours) {
            (Some(_), Some(_)) => return Err(ApiError::field("hours", "Give days or hours, not both.")),
            (_, Some(hours)) if !(1..=MAX_DAYS * 24).contains(&hours) => {
                return Err(ApiError::field("hours", format!("Must be between 1 and {} hours.", MAX_DAYS * 24)));
            }
            (_, Some(hours)) => i64::from(hours) * HOUR,
            (Some(days), None) if !(1..=MAX_DAYS).contains(&days) => return Err(ApiError::field("days", format!("Must be between 1 and {MAX_DAYS} days."))),
            (days, None) => i64::from(days.unwrap_or(DEFAULT_DAYS)) * DAY,
        };
        let to_ms = match q.end_ms {
            None => now_ms,
            Some(end) if end > now_ms + MINUTE || end < now_ms - i64::from(MAX_DAYS) * DAY => {
                return Err(ApiError::field("end_ms", format!("Must be within the last {MAX_DAYS} days.")));
            }
            Some(end) => end.min(now_ms),
        };
        Ok(Window::ending(to_ms, span))
    }

    /// The start of the bucket holding `t` (buckets are aligned to the epoch, in UTC, as
    /// `date_histogram` with a fixed interval aligns them).
    fn bucket_of(&self, t: i64) -> i64 {
        t - t.rem_euclid(self.interval_ms)
    }

    /// Every bucket start overlapping the window, in order.
    fn buckets(&self) -> impl Iterator<Item = i64> + '_ {
        let first = self.bucket_of(self.from_ms);
        (0..).map(move |i| first + i * self.interval_ms).take_while(|k| *k <= self.to_ms)
    }
}

/// The start and end (`s`, `e`) of one alert's phase (`all`, `triggered`, `acknowledged`,
/// `error`), clamped to the window; an alert without that phase returns `NONE`. Missing
/// dates read as absent (`size() == 0`), not as the epoch. Only allow-listed Painless
/// methods are used (`Math.floorMod` is not one).
const PHASE_SCRIPT: &str = "long from = (long) params.from; long to = (long) params.to; \
long s = doc['start_time'].value.toInstant().toEpochMilli(); long e = to; \
if (doc['end_time'].size() > 0) { e = doc['end_time'].value.toInstant().toEpochMilli(); } \
boolean error = doc['state'].size() > 0 && doc['state'].value == 'ERROR'; \
long ack = -1L; if (doc['acknowledged_time'].size() > 0) { ack = doc['acknowledged_time'].value.toInstant().toEpochMilli(); } \
String phase = params.phase; \
if (phase == 'triggered') { if (error) { return NONE; } if (ack >= 0 && ack < e) { e = ack; } } \
else if (phase == 'acknowledged') { if (error || ack < 0) { return NONE; } if (ack > s) { s = ack; } } \
else if (phase == 'error') { if (!error) { return NONE; } } \
if (s < from) { s = from; } if (e > to) { e = to; } ";

/// The bucket keys an alert's phase spans: behind every histogram.
fn span_script() -> String {
    PHASE_SCRIPT.replace("NONE", "new ArrayList()")
        + "long iv = (long) params.interval; List out = new ArrayList(); long r = s % iv; if (r < 0) { r += iv; } long t = s - r; \
while (t <= e) { out.add(t); t += iv; } return out;"
}

/// How long an alert's phase lasted inside the window, in ms: summed per trigger.
fn duration_script() -> String {
    PHASE_SCRIPT.replace("NONE", "0L") + "return e > s ? e - s : 0L;"
}

fn phase_duration(w: &Window, phase: &str) -> Value {
    json!({"sum": {"script": {"lang": "painless", "source": duration_script(), "params": {"from": w.from_ms, "to": w.to_ms, "phase": phase}}}})
}

fn span_histogram(w: &Window, phase: &str) -> Value {
    json!({"date_histogram": {
        "fixed_interval": format!("{}ms", w.interval_ms),
        "min_doc_count": 1,
        "script": {"lang": "painless", "source": span_script(), "params": {
            "from": w.from_ms, "to": w.to_ms, "interval": w.interval_ms, "phase": phase,
        }},
    }})
}

/// The one search body of a monitor's history: its alerts overlapping the window (workflow
/// AUDIT alerts excluded), the histogram of all of them, and per trigger the three phases.
pub fn query(monitor_id: &str, w: &Window) -> Value {
    json!({
        "size": 0,
        "query": {"bool": {
            "filter": [
                super::parse::alerts_of(monitor_id),
                {"range": {"start_time": {"lte": w.to_ms}}},
                {"bool": {"should": [
                    {"bool": {"must_not": {"exists": {"field": "end_time"}}}},
                    {"range": {"end_time": {"gte": w.from_ms}}},
                ], "minimum_should_match": 1}},
            ],
            "must_not": [{"term": {"state": "AUDIT"}}],
        }},
        "aggs": {
            "alerts_over_time": span_histogram(w, "all"),
            "triggers": {
                "terms": {"field": "trigger_id", "size": 100},
                "aggs": {
                    "name": {"top_hits": {"size": 1, "sort": [{"start_time": {"order": "desc"}}], "_source": {"includes": ["trigger_name"]}}},
                    "triggered": span_histogram(w, "triggered"),
                    "acknowledged": span_histogram(w, "acknowledged"),
                    "error": span_histogram(w, "error"),
                    "triggered_ms": phase_duration(w, "triggered"),
                    "acknowledged_ms": phase_duration(w, "acknowledged"),
                    "error_ms": phase_duration(w, "error"),
                    "last_alert": {"max": {"field": "start_time"}},
                },
            },
        },
    })
}

/// The aggregations of [`query`].
#[derive(Debug, Default, Deserialize)]
pub struct HistoryAggs {
    #[serde(default)]
    alerts_over_time: Buckets<Bucket>,
    #[serde(default)]
    triggers: Buckets<TriggerBuckets>,
}

#[derive(Debug, Deserialize)]
struct Bucket {
    key: EpochMillis,
    #[serde(default)]
    doc_count: u64,
}

#[derive(Debug, Deserialize)]
struct TriggerBuckets {
    key: String,
    #[serde(default)]
    name: TopHits<TriggerName>,
    #[serde(default)]
    triggered: Buckets<Bucket>,
    #[serde(default)]
    acknowledged: Buckets<Bucket>,
    #[serde(default)]
    error: Buckets<Bucket>,
    #[serde(default)]
    triggered_ms: Metric,
    #[serde(default)]
    acknowledged_ms: Metric,
    #[serde(default)]
    error_ms: Metric,
    #[serde(default)]
    last_alert: Metric,
}

/// The answer [`query`] gets.
pub type HistoryAnswer = SearchAnswer<IgnoredAny, HistoryAggs>;

/// A monitor's history over `window` ([`Window::of_query`]): the monitor, for its
/// triggers, and ONE aggregation over its alerts.
pub async fn monitor_history(cluster: &ClusterClient, id: &str, window: Window) -> ApiResult<MonitorHistory> {
    let monitor = super::fetch(cluster, id).await?;
    let triggers = trigger_rows(&super::view(&monitor)?.triggers);
    let answer: HistoryAnswer = cluster.search_alerts(&query(id, &window)).await?;
    Ok(parse(&answer, &window, &triggers))
}

/// Reads the aggregation answer. `triggers` are the monitor's triggers (id, name) in their
/// order: each gets a row even without alerts (all green). Alerts of triggers the monitor no
/// longer has get a row after them, named as the alerts name them. An answer without
/// aggregations (no alert index yet) gives all-green rows and an empty histogram.
pub fn parse(answer: &HistoryAnswer, w: &Window, triggers: &[(String, String)]) -> MonitorHistory {
    let empty = HistoryAggs::default();
    let aggs = answer.aggregations.as_ref().unwrap_or(&empty);
    let counts: HashMap<i64, u64> = aggs.alerts_over_time.buckets.iter().map(|b| (b.key.0, b.doc_count)).collect();
    let histogram = w.buckets().map(|k| HistogramBucket { start_ms: k, count: counts.get(&k).copied().unwrap_or(0) }).collect();

    let mut found: HashMap<String, (String, HashMap<i64, TimelineState>, &TriggerBuckets)> = HashMap::new();
    let mut extra_order = Vec::new();
    for bucket in &aggs.triggers.buckets {
        let id = bucket.key.as_str();
        let name = bucket.name.first().and_then(|s| s.trigger_name.clone()).unwrap_or_else(|| id.to_owned());
        let mut slots = HashMap::new();
        // Lowest priority first, so a bucket that saw several phases shows the most urgent:
        // triggered over error over acknowledged.
        for (phase, state) in [(&bucket.acknowledged, TimelineState::Acknowledged), (&bucket.error, TimelineState::Error), (&bucket.triggered, TimelineState::Triggered)] {
            for b in &phase.buckets {
                slots.insert(b.key.0, state);
            }
        }
        if !triggers.iter().any(|(t, _)| t == id) {
            extra_order.push(id.to_owned());
        }
        found.insert(id.to_owned(), (name, slots, bucket));
    }

    let row = |id: &str, name: String| {
        let ms = |m: &Metric| m.value.unwrap_or(0.0).max(0.0) as i64;
        match found.get(id) {
            Some((_, slots, b)) => TriggerTimeline {
                trigger_id: id.to_owned(),
                trigger_name: name,
                segments: segments(w, slots),
                triggered_ms: ms(&b.triggered_ms),
                acknowledged_ms: ms(&b.acknowledged_ms),
                error_ms: ms(&b.error_ms),
                last_alert_ms: b.last_alert.value.map(|v| v as i64),
            },
            None => TriggerTimeline { trigger_id: id.to_owned(), trigger_name: name, segments: segments(w, &HashMap::new()), ..Default::default() },
        }
    };
    let mut rows: Vec<TriggerTimeline> = triggers.iter().map(|(id, name)| row(id, name.clone())).collect();
    for id in extra_order {
        let name = format!("{} (deleted trigger)", found[&id].0);
        rows.push(row(&id, name));
    }
    MonitorHistory { from_ms: w.from_ms, to_ms: w.to_ms, interval_ms: w.interval_ms, rows, histogram, ticks: ticks(w) }
}

/// Bucket states → contiguous segments covering exactly `[from, to]`.
fn segments(w: &Window, slots: &HashMap<i64, TimelineState>) -> Vec<TimelineSegment> {
    let mut out: Vec<TimelineSegment> = Vec::new();
    for key in w.buckets() {
        let state = slots.get(&key).copied().unwrap_or_default();
        let start_ms = key.max(w.from_ms);
        let end_ms = (key + w.interval_ms).min(w.to_ms);
        if end_ms <= start_ms {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.state == state => last.end_ms = end_ms,
            _ => out.push(TimelineSegment { start_ms, end_ms, state }),
        }
    }
    out
}

/// About six axis labels on round UTC times.
pub fn ticks(w: &Window) -> Vec<TimeTick> {
    const STEPS: [i64; 9] = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 3 * DAY, 7 * DAY];
    let span = w.to_ms - w.from_ms;
    let step = STEPS.into_iter().find(|s| span / s <= 8).unwrap_or(7 * DAY);
    let first = w.from_ms - w.from_ms.rem_euclid(step) + step;
    let format = if step < DAY { "%b %-d %H:%M" } else { "%b %-d" };
    (0..)
        .map(|i| first + i * step)
        .take_while(|t| *t < w.to_ms)
        .filter_map(|at_ms| Some(TimeTick { at_ms, label: Utc.timestamp_millis_opt(at_ms).single()?.format(format).to_string() }))
        .collect()
}

/// Trigger (id, name) pairs, in order; triggers without an id (none on the cluster) and
/// repeated ids are left out.
pub fn trigger_rows(triggers: &[TriggerView]) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    triggers
        .iter()
        .filter_map(|t| {
            let id = t.id.clone()?;
            seen.insert(id.clone()).then(|| (id, t.name.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_930_000_000;

    #[test]
    fn the_bucket_width_keeps_rows_readable() {
        assert_eq!(Window::last_days(NOW, 2).interval_ms, 15 * MINUTE);
        assert_eq!(Window::last_days(NOW, 1).interval_ms, 10 * MINUTE);
        assert_eq!(Window::last_days(NOW, 30).interval_ms, 6 * HOUR);
        // Out-of-range days are clamped, never an unbounded query.
        assert_eq!(Window::last_days(NOW, 365), Window::last_days(NOW, 30));
        assert_eq!(Window::last_days(NOW, 0), Window::last_days(NOW, 1));
        for days in 1..=MAX_DAYS {
            let w = Window::last_days(NOW, days);
            assert!(w.buckets().count() as i64 <= MAX_BUCKETS + 1, "{days} days");
        }
    }

    #[test]
    fn a_query_names_the_window_or_the_field_it_gets_wrong() {
        let q = |days, hours, end_ms| HistoryQuery { days, hours, end_ms };
        assert_eq!(Window::of_query(NOW, &q(None, None, None)).unwrap(), Window::last_days(NOW, DEFAULT_DAYS));
        let hour = Window::of_query(NOW, &q(None, Some(1), None)).unwrap();
        assert_eq!((hour.to_ms - hour.from_ms, hour.interval_ms), (HOUR, MINUTE));
        let panned = Window::of_query(NOW, &q(None, Some(6), Some(NOW - DAY))).unwrap();
        assert_eq!((panned.from_ms, panned.to_ms), (NOW - DAY - 6 * HOUR, NOW - DAY));
        // A little ahead of the server's clock reads as now.
        assert_eq!(Window::of_query(NOW, &q(None, Some(6), Some(NOW + 30_000))).unwrap().to_ms, NOW);
        for (query, field) in [
            (q(Some(1), Some(1), None), "hours"),
            (q(None, Some(0), None), "hours"),
            (q(None, Some(721), None), "hours"),
            (q(Some(31), None, None), "days"),
            (q(None, None, Some(NOW + HOUR)), "end_ms"),
            (q(None, None, Some(NOW - 31 * DAY)), "end_ms"),
            (q(None, None, Some(i64::MIN)), "end_ms"),
        ] {
            match Window::of_query(NOW, &query) {
                Err(e) => assert!(e.field_errors().contains_key(field), "{query:?}: {e:?}"),
                Ok(w) => panic!("{query:?}: {w:?}"),
            }
        }
    }

    #[test]
    fn one_query_filters_the_monitor_and_the_window() {
        let w = Window::last_days(NOW, 2);
        let q = query("mon-1", &w);
        assert_eq!(q["size"], 0);
        assert_eq!(q["query"]["bool"]["filter"][0]["bool"]["should"][0]["term"]["monitor_id"], "mon-1");
        assert_eq!(q["query"]["bool"]["filter"][0]["bool"]["should"][1]["term"]["workflow_id"], "mon-1", "a composite monitor's own alerts");
        assert_eq!(q["query"]["bool"]["filter"][1]["range"]["start_time"]["lte"], NOW);
        assert_eq!(q["query"]["bool"]["filter"][2]["bool"]["should"][1]["range"]["end_time"]["gte"], w.from_ms);
        assert_eq!(q["query"]["bool"]["must_not"][0]["term"]["state"], "AUDIT");
        let phases = &q["aggs"]["triggers"]["aggs"];
        for phase in ["triggered", "acknowledged", "error"] {
            let h = &phases[phase]["date_histogram"];
            assert_eq!(h["fixed_interval"], "900000ms");
            assert_eq!(h["script"]["params"]["phase"], phase);
            assert_eq!(h["script"]["params"]["interval"], 900_000);
        }
        assert_eq!(q["aggs"]["alerts_over_time"]["date_histogram"]["script"]["params"]["phase"], "all");
        assert!(!span_script().contains("floorMod") && !span_script().contains("NONE"), "not allow-listed in Painless");
        assert_eq!(phases["triggered_ms"]["sum"]["script"]["params"]["phase"], "triggered");
        assert!(duration_script().ends_with("return e > s ? e - s : 0L;") && duration_script().contains("return 0L;"));
    }

    fn bucket(key: i64) -> Value {
        json!({"key": key, "doc_count": 1})
    }

    #[test]
    fn phases_become_coloured_segments_covering_the_window() {
        let w = Window { from_ms: 1_000 * MINUTE, to_ms: 1_100 * MINUTE, interval_ms: 10 * MINUTE };
        let k = |m: i64| m * MINUTE;
        let answer: HistoryAnswer = serde_json::from_value(json!({"aggregations": {
            "alerts_over_time": {"buckets": [bucket(k(1_020)), {"key": k(1_030), "doc_count": 3}]},
            "triggers": {"buckets": [
                {"key": "t1", "name": {"hits": {"hits": [{"_source": {"trigger_name": "High"}}]}},
                 "triggered": {"buckets": [bucket(k(1_020)), bucket(k(1_030))]},
                 "acknowledged": {"buckets": [bucket(k(1_030)), bucket(k(1_040))]},
                 "error": {"buckets": []}},
                {"key": "gone", "name": {"hits": {"hits": [{"_source": {"trigger_name": "Old"}}]}},
                 "triggered": {"buckets": []}, "acknowledged": {"buckets": []},
                 "error": {"buckets": [bucket(k(1_090)), bucket(k(1_100))]}},
            ]},
        }}))
        .unwrap();
        let triggers = vec![("t1".to_owned(), "High".to_owned()), ("t2".to_owned(), "Quiet".to_owned())];
        let h = parse(&answer, &w, &triggers);
        let seg = |a: i64, b: i64, state| TimelineSegment { start_ms: k(a), end_ms: k(b), state };
        use TimelineState::*;
        assert_eq!(h.rows.len(), 3);
        assert_eq!(h.rows[0].segments, vec![seg(1_000, 1_020, NoAlerts), seg(1_020, 1_040, Triggered), seg(1_040, 1_050, Acknowledged), seg(1_050, 1_100, NoAlerts)]);
        assert_eq!(h.rows[1].trigger_name, "Quiet");
        assert_eq!(h.rows[1].segments, vec![seg(1_000, 1_100, NoAlerts)]);
        assert_eq!(h.rows[2].trigger_name, "Old (deleted trigger)");
        // The last bucket starts at `to`: empty, so the row ends exactly at the window's end.
        assert_eq!(h.rows[2].segments, vec![seg(1_000, 1_090, NoAlerts), seg(1_090, 1_100, Error)]);
        assert_eq!(h.histogram.len(), 11);
        assert_eq!(h.histogram[2], HistogramBucket { start_ms: k(1_020), count: 1 });
        assert_eq!(h.histogram[3].count, 3);
        assert_eq!(h.histogram.iter().map(|b| b.count).sum::<u64>(), 4);
    }

    #[test]
    fn no_alert_index_yet_means_all_green() {
        let w = Window::last_days(NOW, 2);
        let empty: HistoryAnswer = serde_json::from_value(json!({"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}})).unwrap();
        let h = parse(&empty, &w, &[("t1".into(), "High".into())]);
        assert_eq!(h, parse(&SearchAnswer::empty(), &w, &[("t1".into(), "High".into())]));
        assert_eq!(h.rows[0].segments, vec![TimelineSegment { start_ms: w.from_ms, end_ms: w.to_ms, state: TimelineState::NoAlerts }]);
        assert!(h.histogram.iter().all(|b| b.count == 0));
        assert_eq!(h.histogram.len(), 193);
    }

    #[test]
    fn ticks_fall_on_round_times_inside_the_window() {
        let w = Window::last_days(1_795_939_200_000, 2); // 2026-11-29T05:20:00Z
        let t = ticks(&w);
        assert!(t.len() >= 4 && t.len() <= 8, "{t:?}");
        assert!(t.iter().all(|t| t.at_ms > w.from_ms && t.at_ms < w.to_ms && t.at_ms % (6 * HOUR) == 0));
        assert_eq!(t[0].label, "Nov 27 12:00");
        let month = ticks(&Window::last_days(1_795_939_200_000, 30));
        assert!(month.iter().all(|t| !t.label.contains(':')));
    }

    #[test]
    fn triggers_are_read_from_every_trigger_kind() {
        let monitor = json!({"triggers": [
            {"query_level_trigger": {"id": "a", "name": "A"}},
            {"bucket_level_trigger": {"id": "b", "name": "B"}},
            {"id": "c", "name": "C"},
            {"query_level_trigger": {"name": "no id"}},
        ]});
        let monitor: crate::cluster::answers::monitor::MonitorView = serde_json::from_value(monitor).unwrap();
        assert_eq!(trigger_rows(&monitor.triggers), vec![("a".into(), "A".into()), ("b".into(), "B".into()), ("c".into(), "C".into())]);
    }
}
