//! The monitor page's History: one timeline row per trigger (green no alerts, red
//! triggered, pink acknowledged, grey error) over the chosen range, and the
//! alerts-over-time histogram beneath on the same time axis.
//!
//! Drawn by this file as SVG markup: the geometry is pure ([`timeline_rects`],
//! [`histogram_bars`]) and unit-tested, and the markup is a string because the data
//! arrives in the browser; set as `inner_html`, the browser parses it in the SVG namespace
//! (tooltips included), which building nodes one by one would not guarantee.

use std::fmt::Write;

use leptos::prelude::*;

use super::{Live, LiveSection, live};
use crate::{
    api::{Call, HistoryQuery, MonitorHistory, TimelineState, TriggerTimeline, ops},
    labels::Label,
    client,
};

/// viewBox width; the SVG scales to its container.
pub const WIDTH: f64 = 1000.0;
/// Left column for trigger names.
pub const PLOT_X0: f64 = 200.0;
pub const PLOT_X1: f64 = WIDTH - 10.0;
pub const ROW_H: f64 = 22.0;
pub const ROW_GAP: f64 = 8.0;
const AXIS_H: f64 = 22.0;
pub const HIST_H: f64 = 80.0;
/// The histogram's y axis never goes below this many alerts, so one alert is not a wall.
pub const MIN_Y_MAX: u64 = 5;

/// The Dashboards' timeline colours.
pub fn colour(state: TimelineState) -> &'static str {
    match state {
        TimelineState::NoAlerts => "#6AAF35",
        TimelineState::Triggered => "#D0021B",
        TimelineState::Acknowledged => "#F4A6B7",
        TimelineState::Error => "#C8CCD2",
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub fill: &'static str,
    pub title: String,
}

/// Time → x, clamped to the plot.
pub fn x_of(h: &MonitorHistory, t: i64) -> f64 {
    let span = (h.to_ms - h.from_ms).max(1) as f64;
    let f = ((t - h.from_ms) as f64 / span).clamp(0.0, 1.0);
    PLOT_X0 + f * (PLOT_X1 - PLOT_X0)
}

pub fn row_y(i: usize) -> f64 {
    i as f64 * (ROW_H + ROW_GAP)
}

/// The narrowest an alert is drawn (viewBox units, about 5 px on a wide screen): a
/// triggered stretch of a few seconds in a range of days stays visible.
pub const MIN_MARK: f64 = 6.0;

/// One rectangle per segment, row by row; the green ones first, so a widened alert mark
/// is drawn over its neighbours.
pub fn timeline_rects(h: &MonitorHistory) -> Vec<Rect> {
    let mut out = Vec::new();
    for (i, row) in h.rows.iter().enumerate() {
        for s in &row.segments {
            let (mut x, mut width) = (x_of(h, s.start_ms), x_of(h, s.end_ms) - x_of(h, s.start_ms));
            if s.state != TimelineState::NoAlerts && width < MIN_MARK {
                x = (x + width / 2.0 - MIN_MARK / 2.0).clamp(PLOT_X0, PLOT_X1 - MIN_MARK);
                width = MIN_MARK;
            }
            out.push(Rect {
                x,
                y: row_y(i),
                width,
                height: ROW_H,
                fill: colour(s.state),
                title: format!("{}: {} \u{2013} {}", s.state.label(), utc_text(s.start_ms), utc_text(s.end_ms)),
            });
        }
    }
    out.sort_by_key(|r| r.fill != colour(TimelineState::NoAlerts));
    out
}

/// The histogram's bars (empty buckets draw nothing) and the y axis maximum.
pub fn histogram_bars(h: &MonitorHistory) -> (Vec<Rect>, u64) {
    let y_max = h.histogram.iter().map(|b| b.count).max().unwrap_or(0).max(MIN_Y_MAX);
    let bars = h
        .histogram
        .iter()
        .filter(|b| b.count > 0)
        .map(|b| {
            let x = x_of(h, b.start_ms.max(h.from_ms));
            let height = b.count as f64 / y_max as f64 * HIST_H;
            Rect {
                x,
                y: HIST_H - height,
                width: (x_of(h, (b.start_ms + h.interval_ms).min(h.to_ms)) - x).max(0.5),
                height,
                fill: "#0061A6",
                title: format!("{} alert(s) from {}", b.count, utc_text(b.start_ms)),
            }
        })
        .collect();
    (bars, y_max)
}

/// Epoch ms → "2026-11-29 05:15 UTC", without a date library in the browser bundle
/// (days → civil date, Howard Hinnant's algorithm).
pub fn utc_text(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn short(name: &str) -> String {
    if name.chars().count() > 28 { format!("{}\u{2026}", name.chars().take(27).collect::<String>()) } else { name.to_owned() }
}

fn rect_markup(out: &mut String, r: &Rect) {
    let _ = write!(
        out,
        r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{}"><title>{}</title></rect>"#,
        r.x,
        r.y,
        r.width,
        r.height,
        r.fill,
        escape(&r.title)
    );
}

fn axis_markup(out: &mut String, h: &MonitorHistory, y: f64) {
    for t in &h.ticks {
        let x = x_of(h, t.at_ms);
        let _ = write!(
            out,
            r##"<line x1="{x:.2}" x2="{x:.2}" y1="{:.2}" y2="{:.2}" stroke="#5A6270"/><text x="{x:.2}" y="{:.2}" font-size="12" text-anchor="middle" fill="#1A1C21">{}</text>"##,
            y,
            y + 4.0,
            y + 17.0,
            escape(&t.label)
        );
    }
}

/// The timelines as SVG markup.
pub fn timeline_svg(h: &MonitorHistory) -> String {
    let height = row_y(h.rows.len()) + AXIS_H;
    let mut out = String::with_capacity(256 + h.rows.iter().map(|r| r.segments.len()).sum::<usize>() * 160);
    let _ = write!(out, r#"<svg viewBox="0 0 {WIDTH} {height:.0}" width="100%" role="img" aria-label="Alert timeline per trigger, {} to {}">"#, utc_text(h.from_ms), utc_text(h.to_ms));
    for (i, row) in h.rows.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="0" y="{:.2}" font-size="13" fill="#1A1C21"><title>{}</title>{}</text>"##,
            row_y(i) + ROW_H * 0.7,
            escape(&row.trigger_name),
            escape(&short(&row.trigger_name))
        );
    }
    for r in timeline_rects(h) {
        rect_markup(&mut out, &r);
    }
    axis_markup(&mut out, h, row_y(h.rows.len()));
    out.push_str("</svg>");
    out
}

/// The alerts-over-time histogram as SVG markup, on the timelines' x axis.
pub fn histogram_svg(h: &MonitorHistory) -> String {
    let (bars, y_max) = histogram_bars(h);
    let mut out = String::with_capacity(256 + bars.len() * 160);
    let _ = write!(out, r#"<svg viewBox="0 0 {WIDTH} {:.0}" width="100%" role="img" aria-label="Alerts over time, at most {y_max} per bucket">"#, HIST_H + AXIS_H);
    let _ = write!(
        out,
        r##"<text x="{:.0}" y="12" font-size="12" text-anchor="end" fill="#5A6270">{y_max}</text><text x="{:.0}" y="{HIST_H}" font-size="12" text-anchor="end" fill="#5A6270">0</text><line x1="{PLOT_X0}" x2="{PLOT_X1}" y1="{HIST_H}" y2="{HIST_H}" stroke="#D3DAE6"/>"##,
        PLOT_X0 - 6.0,
        PLOT_X0 - 6.0
    );
    for r in &bars {
        rect_markup(&mut out, r);
    }
    axis_markup(&mut out, h, HIST_H);
    out.push_str("</svg>");
    out
}

/// A row in words, for people who cannot see the colours: time spent per alert state,
/// from the alerts' own times, and when the latest alert started.
pub fn summary(row: &TriggerTimeline) -> String {
    let parts: Vec<String> = [(TimelineState::Triggered, row.triggered_ms), (TimelineState::Acknowledged, row.acknowledged_ms), (TimelineState::Error, row.error_ms)]
        .into_iter()
        .filter(|(_, ms)| *ms > 0)
        .map(|(state, ms)| format!("{} {}", state.label().to_lowercase(), duration_text(ms)))
        .collect();
    match (parts.is_empty(), row.last_alert_ms) {
        (true, _) => format!("{}: no alerts in this range.", row.trigger_name),
        (false, Some(last)) => format!("{}: {}; the latest alert started {}.", row.trigger_name, parts.join(", "), utc_text(last)),
        (false, None) => format!("{}: {}.", row.trigger_name, parts.join(", ")),
    }
}

fn duration_text(ms: i64) -> String {
    if ms < 60_000 {
        return format!("{} s", (ms / 1000).max(1));
    }
    let minutes = ms / 60_000;
    match (minutes / 1440, minutes % 1440 / 60, minutes % 60) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// The ranges offered, in hours.
const RANGES: [(u32, &str); 7] =
    [(1, "Last 1 hour"), (6, "Last 6 hours"), (24, "Last 1 day"), (48, "Last 2 days"), (168, "Last 7 days"), (336, "Last 14 days"), (720, "Last 30 days")];
/// The Dashboards' default: the last 2 days.
const DEFAULT_HOURS: u32 = 48;
const MAX_HOURS: u32 = 720;

/// Where the history looks: `hours` up to `end_ms` (`None`: now). Zooming halves or doubles
/// the span around its end; panning moves the end by half a span.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub hours: u32,
    pub end_ms: Option<i64>,
}

impl View {
    pub fn zoom_in(self) -> View {
        View { hours: (self.hours / 2).max(1), ..self }
    }

    pub fn zoom_out(self) -> View {
        View { hours: (self.hours * 2).min(MAX_HOURS), ..self }
    }

    /// Half a span earlier than the range now shown (which ends at `shown_to`).
    pub fn earlier(self, shown_to: i64) -> View {
        View { end_ms: Some(shown_to - i64::from(self.hours) * 1_800_000), ..self }
    }

    /// Half a span later; at or past `now_ms`, back to "up to now".
    pub fn later(self, shown_to: i64, now_ms: i64) -> View {
        let end = shown_to + i64::from(self.hours) * 1_800_000;
        View { end_ms: (end < now_ms).then_some(end), ..self }
    }

    fn label(self) -> String {
        RANGES.iter().find(|(h, _)| *h == self.hours).map_or_else(|| format!("Last {} hours", self.hours), |(_, l)| (*l).to_owned())
    }
}

/// The History panel: range picker, zoom and pan, timelines, histogram, legend.
#[component]
pub fn HistoryPanel(#[prop(into)] monitor_id: String, poll: RwSignal<u32>) -> impl IntoView {
    let view = RwSignal::new(View { hours: DEFAULT_HOURS, end_ms: None });
    let history: Live<MonitorHistory> = live(
        move || (monitor_id.clone(), view.get(), poll.get()),
        |(id, view, _)| {
            let query = HistoryQuery { days: None, hours: Some(view.hours), end_ms: view.end_ms };
            client::call::<ops::GetMonitorHistory>(Call { params: id, query, body: Default::default() })
        },
    );
    let shown_to = move || history.data.with(|d| d.as_ref().map(|h| h.to_ms));
    let now_ms = move || history.data.with(|d| d.as_ref().map_or(0, |h| h.to_ms.max(js_now())));
    view! {
        <section class="panel" aria-labelledby="history-title">
            <header class="page-header">
                <h2 id="history-title">"History"</h2>
                <div class="row-buttons">
                    <div class="field inline">
                        <label for="history-range">"Time range"</label>
                        <select id="history-range" on:change=move |ev| view.set(View { hours: event_target_value(&ev).parse().unwrap_or(DEFAULT_HOURS), end_ms: None })>
                            {move || {
                                let current = view.get();
                                let mut options: Vec<(u32, String)> = RANGES.iter().map(|(h, l)| (*h, (*l).to_owned())).collect();
                                if !RANGES.iter().any(|(h, _)| *h == current.hours) {
                                    options.push((current.hours, current.label()));
                                    options.sort_by_key(|(h, _)| *h);
                                }
                                options.into_iter().map(|(h, l)| view! { <option value=h.to_string() selected=h == current.hours>{l}</option> }).collect_view()
                            }}
                        </select>
                    </div>
                    <div role="group" aria-label="Zoom and pan" class="row-buttons">
                        <button type="button" disabled=move || { view.get().hours <= 1 } on:click=move |_| view.update(|v| *v = v.zoom_in())>"Zoom in"</button>
                        <button type="button" disabled=move || { view.get().hours >= MAX_HOURS } on:click=move |_| view.update(|v| *v = v.zoom_out())>"Zoom out"</button>
                        <button type="button" on:click=move |_| if let Some(to) = shown_to() { view.update(|v| *v = v.earlier(to)) }>"Earlier"</button>
                        <button type="button" disabled=move || view.get().end_ms.is_none() on:click=move |_| if let Some(to) = shown_to() { let now = now_ms(); view.update(|v| *v = v.later(to, now)) }>"Later"</button>
                    </div>
                </div>
            </header>
            <LiveSection live=history loading="Loading history…" empty="There are no triggers. Add a trigger to see its alert history here."
                is_empty=|h: &MonitorHistory| h.rows.is_empty() show=|h| view! {
                    <p class="muted">{format!("From {} to {}.", utc_text(h.from_ms), utc_text(h.to_ms))}</p>
                    <div class="history-chart timeline" inner_html=timeline_svg(&h)></div>
                    <h3>"Alerts over time"</h3>
                    <div class="history-chart histogram" inner_html=histogram_svg(&h)></div>
                    <ul class="legend" aria-label="Legend">
                        {[TimelineState::NoAlerts, TimelineState::Triggered, TimelineState::Acknowledged, TimelineState::Error].into_iter().map(|s| view! {
                            <li><span class="swatch" style=format!("background:{}", colour(s))></span>{s.label()}</li>
                        }).collect_view()}
                    </ul>
                    <ul class="history-summary muted">
                        {h.rows.iter().map(|r| view! { <li>{summary(r)}</li> }).collect_view()}
                    </ul>
                    <p class="muted">{format!("Times in UTC; each bar is {} wide.", duration_text(h.interval_ms))}</p>
                }.into_any()/>
        </section>
    }
    .into_any()
}

/// The browser's clock (0 on the server, where panning never happens).
fn js_now() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{HistogramBucket, TimeTick, TimelineSegment};

    fn history() -> MonitorHistory {
        let seg = |a: i64, b: i64, state| TimelineSegment { start_ms: a, end_ms: b, state };
        MonitorHistory {
            from_ms: 0,
            to_ms: 1000,
            interval_ms: 100,
            rows: vec![
                TriggerTimeline {
                    trigger_id: "t1".into(),
                    trigger_name: "Too many <failed> logins".into(),
                    segments: vec![seg(0, 200, TimelineState::NoAlerts), seg(200, 500, TimelineState::Triggered), seg(500, 600, TimelineState::Acknowledged), seg(600, 1000, TimelineState::NoAlerts)],
                    ..Default::default()
                },
                TriggerTimeline { trigger_id: "t2".into(), trigger_name: "Quiet".into(), segments: vec![seg(0, 1000, TimelineState::NoAlerts)], ..Default::default() },
            ],
            histogram: (0..10).map(|i| HistogramBucket { start_ms: i * 100, count: if i == 3 { 10 } else if i == 4 { 5 } else { 0 } }).collect(),
            ticks: vec![TimeTick { at_ms: 500, label: "Nov 29 12:00".into() }],
        }
    }

    #[test]
    fn segments_tile_each_row_without_gaps() {
        let h = history();
        let rects = timeline_rects(&h);
        assert_eq!(rects.len(), 5);
        let mut row0: Vec<&Rect> = rects.iter().filter(|r| r.y == 0.0).collect();
        row0.sort_by(|a, b| a.x.total_cmp(&b.x));
        assert_eq!(row0[0].x, PLOT_X0);
        for pair in row0.windows(2) {
            assert!((pair[0].x + pair[0].width - pair[1].x).abs() < 1e-9);
        }
        let last = row0.last().unwrap();
        assert!((last.x + last.width - PLOT_X1).abs() < 1e-9);
        assert_eq!(row0[1].fill, "#D0021B");
        assert!((row0[1].width - 0.3 * (PLOT_X1 - PLOT_X0)).abs() < 1e-9);
        assert!(rects.iter().any(|r| r.y == ROW_H + ROW_GAP));
        // Alert marks come after the green, so nothing green covers them.
        let first_mark = rects.iter().position(|r| r.fill != colour(TimelineState::NoAlerts)).unwrap();
        assert!(rects[first_mark..].iter().all(|r| r.fill != colour(TimelineState::NoAlerts)));
        assert_eq!(x_of(&h, -50), PLOT_X0, "clamped");
        assert_eq!(x_of(&h, 5000), PLOT_X1, "clamped");
    }

    #[test]
    fn a_short_alert_is_never_thinner_than_a_mark() {
        let mut h = history();
        h.to_ms = 2 * 86_400_000;
        h.rows[0].segments = vec![
            TimelineSegment { start_ms: 0, end_ms: h.to_ms - 5_000, state: TimelineState::NoAlerts },
            TimelineSegment { start_ms: h.to_ms - 5_000, end_ms: h.to_ms, state: TimelineState::Triggered },
        ];
        let red = timeline_rects(&h).into_iter().find(|r| r.fill == colour(TimelineState::Triggered)).unwrap();
        assert_eq!(red.width, MIN_MARK);
        assert!((red.x + red.width - PLOT_X1).abs() < 1e-9, "kept inside the plot, at its end");
    }

    #[test]
    fn zoom_and_pan_move_the_view() {
        let v = View { hours: 48, end_ms: None };
        assert_eq!(v.zoom_in(), View { hours: 24, end_ms: None });
        assert_eq!(View { hours: 1, end_ms: None }.zoom_in().hours, 1);
        assert_eq!(View { hours: 720, end_ms: None }.zoom_out().hours, 720);
        let earlier = v.earlier(100 * 3_600_000);
        assert_eq!(earlier.end_ms, Some(76 * 3_600_000));
        assert_eq!(earlier.later(76 * 3_600_000, 200 * 3_600_000).end_ms, Some(100 * 3_600_000));
        assert_eq!(earlier.later(76 * 3_600_000, 90 * 3_600_000).end_ms, None, "back to now");
        assert_eq!(View { hours: 3, end_ms: None }.label(), "Last 3 hours");
    }

    #[test]
    fn histogram_bars_scale_to_the_highest_bucket() {
        let (bars, y_max) = histogram_bars(&history());
        assert_eq!(y_max, 10);
        assert_eq!(bars.len(), 2, "empty buckets draw nothing");
        assert_eq!((bars[0].height, bars[0].y), (HIST_H, 0.0));
        assert_eq!(bars[1].height, HIST_H / 2.0);
        let mut low = history();
        low.histogram = vec![HistogramBucket { start_ms: 0, count: 1 }];
        let (bars, y_max) = histogram_bars(&low);
        assert_eq!(y_max, MIN_Y_MAX);
        assert_eq!(bars[0].height, HIST_H / 5.0);
    }

    #[test]
    fn markup_is_escaped_and_complete() {
        let h = history();
        let svg = timeline_svg(&h);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Too many &lt;failed&gt; logins") && !svg.contains("<failed>"));
        assert_eq!(svg.matches("<rect").count(), 5);
        assert!(svg.contains(">Nov 29 12:00</text>"));
        assert_eq!(histogram_svg(&h).matches("<rect").count(), 2);
    }

    #[test]
    fn utc_text_matches_known_dates() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(1_795_930_175_734), "2026-11-29 05:29 UTC");
        assert_eq!(utc_text(951_782_400_000), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn rows_in_words() {
        let h = history();
        assert_eq!(summary(&h.rows[1]), "Quiet: no alerts in this range.");
        let mut row = h.rows[0].clone();
        row.triggered_ms = 3 * 3_600_000 + 120_000;
        row.acknowledged_ms = 8_000;
        row.last_alert_ms = Some(1_795_930_175_734);
        assert_eq!(summary(&row), "Too many <failed> logins: triggered 3 h 2 min, acknowledged 8 s; the latest alert started 2026-11-29 05:29 UTC.");
        // A few seconds of alert read as seconds, not as the bucket it falls in.
        row.triggered_ms = 4_200;
        row.acknowledged_ms = 0;
        assert!(summary(&row).contains("triggered 4 s;"), "{}", summary(&row));
    }
}
