//! What the server spends building a monitor page's data for a busy monitor: 1,000 alerts.
//!
//! - **alerts JSON**: 1,000 alerts as `GET …/monitors/alerts` returns them (text) → the
//!   typed answer → our rows → the JSON answer;
//! - **history**: the history aggregation's answer for the same 1,000 alerts (10 triggers,
//!   30 days, every alert counted in each bucket it spanned, as the cluster's script does),
//!   as text → the typed answer → the timeline model → its JSON, plus the timeline and
//!   histogram SVG the page draws.
//!
//! The cluster's own time is not measured (it is one aggregation per refresh). Prints p50
//! and p99 over 200 runs. Run: `cargo bench -p server --bench monitor_page`.

use std::{
    collections::HashMap,
    hint::black_box,
    time::{Duration, Instant},
};

use app::pages::monitors::history_chart::{histogram_svg, timeline_svg};
use monitor_studio::{
    cluster::answers::alerts::AlertsAnswer,
    monitors::{history, parse},
};
use serde_json::{Value, json};

const ALERTS: usize = 1_000;
const TRIGGERS: usize = 10;
const RUNS: usize = 200;
const NOW: i64 = 1_795_930_000_000;

/// A small deterministic generator: the same alerts on every run and machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

struct Alert {
    id: String,
    trigger: usize,
    state: &'static str,
    start: i64,
    end: Option<i64>,
    ack: Option<i64>,
}

fn alerts() -> Vec<Alert> {
    let mut rng = Lcg(42);
    let window = 30 * 86_400_000;
    (0..ALERTS)
        .map(|i| {
            let start = NOW - window + rng.next(window as u64) as i64;
            let length = 60_000 + rng.next(6 * 3_600_000) as i64;
            let (state, end, ack) = match rng.next(10) {
                0..=5 => ("COMPLETED", Some(start + length), (rng.next(2) == 0).then_some(start + length / 2)),
                6 | 7 => ("ACKNOWLEDGED", None, Some(start + length / 3)),
                8 => ("ACTIVE", None, None),
                _ => ("ERROR", None, None),
            };
            Alert { id: format!("alert-{i}"), trigger: i % TRIGGERS, state, start, end: end.map(|e| e.min(NOW)), ack }
        })
        .collect()
}

/// `GET …/monitors/alerts` as the cluster answers it.
fn alerts_answer(alerts: &[Alert]) -> Value {
    let list: Vec<Value> = alerts
        .iter()
        .map(|a| {
            json!({"id": a.id, "version": 1, "monitor_id": "m1", "workflow_id": "", "monitor_name": "Failed logins",
                "trigger_id": format!("t{}", a.trigger), "trigger_name": format!("Trigger {}", a.trigger), "state": a.state,
                "error_message": (a.state == "ERROR").then_some("Failed running query"), "alert_history": [], "severity": "1",
                "action_execution_results": [], "start_time": a.start, "last_notification_time": a.start, "end_time": a.end,
                "acknowledged_time": a.ack})
        })
        .collect();
    json!({"alerts": list, "totalAlerts": alerts.len()})
}

/// The bucket keys an alert spans in a phase, exactly as the Painless script computes them.
fn span(w: &history::Window, a: &Alert, phase: &str) -> Vec<i64> {
    let error = a.state == "ERROR";
    let (mut s, mut e) = (a.start, a.end.unwrap_or(w.to_ms));
    match phase {
        "triggered" if error => return vec![],
        "triggered" => e = a.ack.map_or(e, |k| k.min(e)),
        "acknowledged" if error || a.ack.is_none() => return vec![],
        "acknowledged" => s = a.ack.unwrap().max(s),
        "error" if !error => return vec![],
        _ => {}
    }
    let (s, e) = (s.max(w.from_ms), e.min(w.to_ms));
    let mut t = s - s.rem_euclid(w.interval_ms);
    let mut out = Vec::new();
    while t <= e {
        out.push(t);
        t += w.interval_ms;
    }
    out
}

fn buckets(counts: &HashMap<i64, u64>) -> Value {
    let mut keys: Vec<_> = counts.iter().collect();
    keys.sort();
    json!({"buckets": keys.into_iter().map(|(k, n)| json!({"key": k, "doc_count": n})).collect::<Vec<_>>()})
}

/// The history aggregation's answer for these alerts.
fn history_answer(w: &history::Window, alerts: &[Alert]) -> Value {
    let count = |alerts: &mut dyn Iterator<Item = &Alert>, phase: &str| {
        let mut c = HashMap::new();
        for a in alerts {
            for k in span(w, a, phase) {
                *c.entry(k).or_insert(0u64) += 1;
            }
        }
        buckets(&c)
    };
    let triggers: Vec<Value> = (0..TRIGGERS)
        .map(|t| {
            let mine = || alerts.iter().filter(move |a| a.trigger == t);
            json!({"key": format!("t{t}"), "doc_count": mine().count(),
                "name": {"hits": {"hits": [{"_source": {"trigger_name": format!("Trigger {t}")}}]}},
                "triggered": count(&mut mine(), "triggered"), "acknowledged": count(&mut mine(), "acknowledged"), "error": count(&mut mine(), "error")})
        })
        .collect();
    json!({"aggregations": {"alerts_over_time": count(&mut alerts.iter(), "all"), "triggers": {"buckets": triggers}}})
}

fn measure(name: &str, mut f: impl FnMut() -> usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        size = black_box(f());
        times.push(started.elapsed());
    }
    times.sort();
    let pct = |p: usize| times[(RUNS * p / 100).min(RUNS - 1)];
    println!("{name:<52} p50 {:>9.3?}  p99 {:>9.3?}  max {:>9.3?}  ({size} bytes)", pct(50), pct(99), times[RUNS - 1]);
}

fn main() {
    let alerts = alerts();
    let window = history::Window::last_days(NOW, 30);
    let triggers: Vec<(String, String)> = (0..TRIGGERS).map(|t| (format!("t{t}"), format!("Trigger {t}"))).collect();
    // As the cluster sends them: text, read into the typed answers inside each measurement.
    let api_answer = alerts_answer(&alerts).to_string();
    let agg_answer = history_answer(&window, &alerts).to_string();
    let history_of = |text: &str| serde_json::from_str::<history::HistoryAnswer>(text).unwrap();
    println!("monitor page, {ALERTS} alerts, {TRIGGERS} triggers, 30 days ({} ms buckets), {RUNS} runs", window.interval_ms);

    measure("alerts table: parse + JSON", || {
        let answer: AlertsAnswer = serde_json::from_str(&api_answer).unwrap();
        let rows = parse::api_alerts(&answer.alerts);
        let list = app::api::AlertList { total: rows.len() as u64, alerts: rows };
        serde_json::to_string(&list).unwrap().len()
    });
    measure("history: model + JSON", || serde_json::to_string(&history::parse(&history_of(&agg_answer), &window, &triggers)).unwrap().len());
    measure("history: model + JSON + timeline and histogram SVG", || {
        let model = history::parse(&history_of(&agg_answer), &window, &triggers);
        serde_json::to_string(&model).unwrap().len() + timeline_svg(&model).len() + histogram_svg(&model).len()
    });
    for days in [2, 7] {
        let w = history::Window::last_days(NOW, days);
        let answer = history_answer(&w, &alerts).to_string();
        measure(&format!("history ({days} days): model + JSON + SVG"), || {
            let model = history::parse(&history_of(&answer), &w, &triggers);
            serde_json::to_string(&model).unwrap().len() + timeline_svg(&model).len() + histogram_svg(&model).len()
        });
    }
}
