//! "Backtest": when would this monitor have fired over the last hours? The draft as it is
//! now runs as dry runs on the cluster at stepped times (`POST /api/v1/preview/backtest`,
//! a part per call), with progress, Cancel, a timeline of the runs and their counts.

use std::fmt::Write;

use leptos::prelude::*;

use super::state::use_editor;
use crate::{
    api::{BacktestRequest, BacktestRun, Call, TimelineState, ops},
    client,
    pages::monitors::history_chart::{PLOT_X0, PLOT_X1, colour, utc_text},
};

/// The ranges offered, in hours.
const RANGES: [(u32, &str); 5] = [(1, "1 hour"), (6, "6 hours"), (24, "1 day"), (72, "3 days"), (168, "7 days")];

/// A backtest so far.
#[derive(Clone, Debug, Default, PartialEq)]
struct Progress {
    hours: u32,
    /// What each run of a visual query looks at (its time range), 0 when unknown.
    window_ms: i64,
    from_ms: i64,
    to_ms: i64,
    step_ms: i64,
    total: u32,
    runs: Vec<BacktestRun>,
    done: bool,
    cancelled: bool,
    error: Option<String>,
}

impl Progress {
    fn fired(&self) -> Vec<&BacktestRun> {
        self.runs.iter().filter(|r| !r.triggered.is_empty()).collect()
    }

    /// The result in words.
    fn summary(&self) -> String {
        let fired = self.fired();
        let failed = self.runs.iter().filter(|r| r.error.is_some()).count();
        let scope = if self.done { format!("over the last {}", range_label(self.hours)) } else { format!("in the first {} of {} runs", self.runs.len(), self.total) };
        let mut text = match fired.first() {
            None => format!("Would not have fired {scope}."),
            Some(first) => format!("Would have fired {} time(s) {scope}, first at {}.", fired.len(), utc_text(first.period_end_ms)),
        };
        if failed > 0 {
            let _ = write!(text, " {failed} run(s) failed.");
        }
        text
    }

    /// The runs as a strip of marks: red fired, green not, grey failed.
    fn timeline_svg(&self) -> String {
        let width = (PLOT_X1 - PLOT_X0) / f64::from(self.total.max(1));
        let mut out = format!(r#"<svg viewBox="{PLOT_X0} 0 {:.0} 24" width="100%" role="img" aria-label="Backtest runs from {} to {}">"#, PLOT_X1 - PLOT_X0, utc_text(self.from_ms), utc_text(self.to_ms));
        for (i, run) in self.runs.iter().enumerate() {
            let (state, what) = match (&run.error, run.triggered.is_empty()) {
                (Some(e), _) => (TimelineState::Error, format!("failed: {e}")),
                (None, false) => (TimelineState::Triggered, format!("fired {}", run.triggered.join(", "))),
                (None, true) => (TimelineState::NoAlerts, "no alert".to_owned()),
            };
            let counts = run.hits.map(|h| format!(", {h} hit(s)")).unwrap_or_default();
            let x = PLOT_X0 + i as f64 * width;
            let _ = write!(
                out,
                r#"<rect x="{x:.2}" y="0" width="{:.2}" height="24" fill="{}"><title>{}: {}{counts}</title></rect>"#,
                width.max(0.5),
                colour(state),
                utc_text(run.period_end_ms),
                what.replace('&', "&amp;").replace('<', "&lt;")
            );
        }
        out.push_str("</svg>");
        out
    }
}

/// The time range a visual query looks back over, in ms (0 for extraction queries, whose
/// window is their own).
fn visual_window_ms(document: &crate::model::MonitorDraft) -> i64 {
    if document.defining_method != crate::model::DefiningMethod::Visual {
        return 0;
    }
    let unit = match document.visual.time_range_unit {
        crate::model::TimeUnit::Minutes => 60_000,
        crate::model::TimeUnit::Hours => 3_600_000,
        crate::model::TimeUnit::Days => 86_400_000,
    };
    i64::from(document.visual.time_range_value) * unit
}

fn range_label(hours: u32) -> &'static str {
    RANGES.iter().find(|(h, _)| *h == hours).map_or("range", |(_, l)| l)
}

#[component]
pub fn Backtest() -> impl IntoView {
    let ctx = use_editor();
    let hours = RwSignal::new(24u32);
    let progress = RwSignal::new(None::<Progress>);
    // Each run has its number; Cancel (or a new run) moves it on, and a part that comes
    // back for an older number is dropped.
    let generation = RwSignal::new(0u32);
    let running = move || progress.with(|p| p.as_ref().is_some_and(|p| !p.done && !p.cancelled && p.error.is_none()));
    let backtestable = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type.backtestable()));
    let run = move |_| {
        let document = ctx.draft.get_untracked();
        let hours = hours.get_untracked();
        let mine = generation.get_untracked().wrapping_add(1);
        generation.set(mine);
        let window_ms = visual_window_ms(&document);
        progress.set(Some(Progress { hours, window_ms, ..Default::default() }));
        leptos::task::spawn_local(async move {
            let (mut offset, mut end_ms) = (0u32, None);
            // `try_` everywhere: the person may leave the page while it runs.
            while generation.try_get_untracked() == Some(mine) {
                let request = BacktestRequest { document: document.clone(), hours, end_ms, offset, limit: None };
                let answer = client::call::<ops::RunBacktest>(Call::body(request)).await;
                if generation.try_get_untracked() != Some(mine) {
                    return;
                }
                match answer {
                    Ok(part) => {
                        end_ms = Some(part.to_ms);
                        offset += part.runs.len() as u32;
                        let done = offset >= part.total_steps || part.runs.is_empty();
                        progress.try_update(|p| {
                            if let Some(p) = p {
                                (p.from_ms, p.to_ms, p.step_ms, p.total) = (part.from_ms, part.to_ms, part.step_ms, part.total_steps);
                                p.runs.extend(part.runs);
                                p.done = done;
                            }
                        });
                        if done {
                            return;
                        }
                    }
                    Err(e) => {
                        ctx.server_errors.try_update(|errs| errs.extend(e.field_errors()));
                        progress.try_update(|p| p.as_mut().map(|p| p.error = Some(e.message())));
                        return;
                    }
                }
            }
        });
    };
    let cancel = move |_| {
        generation.update(|g| *g = g.wrapping_add(1));
        progress.update(|p| p.as_mut().map(|p| p.cancelled = true).unwrap_or_default());
    };
    view! {
        <section class="panel" aria-labelledby="backtest-title">
            <h2 id="backtest-title">"Backtest"</h2>
            <p class="help">"When would this monitor have fired? The draft as it is now runs on the cluster as dry runs at steps over the range: nothing is sent, no alert is written."</p>
            <div class="row-buttons">
                <div class="field inline">
                    <label for="backtest-range">"Over the last"</label>
                    <select id="backtest-range" on:change=move |ev| hours.set(event_target_value(&ev).parse().unwrap_or(24))>
                        {RANGES.into_iter().map(|(h, l)| view! { <option value=h.to_string() selected=move || hours.get() == h>{l}</option> }).collect_view()}
                    </select>
                </div>
                <button type="button" class="primary" disabled=move || running() || !backtestable.get() on:click=run>"Run backtest"</button>
                {move || running().then(|| view! { <button type="button" on:click=cancel>"Cancel"</button> })}
            </div>
            {move || (!backtestable.get()).then(|| view! { <p class="callout">{crate::model::NOT_BACKTESTABLE}</p> })}
            {move || progress.get().map(|p| {
                let value = p.runs.len().to_string();
                let max = p.total.max(1).to_string();
                let fired: Vec<BacktestRun> = p.fired().into_iter().take(20).cloned().collect();
                let more = p.fired().len().saturating_sub(fired.len());
                view! {
                    {(!p.done && p.error.is_none()).then(|| view! {
                        <p class="muted">
                            <progress aria-label="Backtest progress" max=max value=value></progress>
                            {format!(" {} of {} runs{}", p.runs.len(), p.total, if p.cancelled { " (cancelled)" } else { "" })}
                        </p>
                    })}
                    {p.error.clone().map(|e| view! { <div class="callout error" role="alert">{e}</div> })}
                    <p role="status" aria-label="Backtest result">{p.summary()}</p>
                    {(!p.runs.is_empty()).then(|| view! {
                        <div class="history-chart timeline" inner_html=p.timeline_svg()></div>
                        <p class="muted">{format!("From {} to {}, a run every {} min.", utc_text(p.from_ms), utc_text(p.to_ms), p.step_ms / 60_000)}</p>
                        {(p.window_ms > 0 && p.step_ms > p.window_ms).then(|| view! {
                            <div class="callout warning">{format!(
                                "Each run looks at the last {} min, and runs are {} min apart over this range: alerts between them can be missed. A shorter range runs at every interval.",
                                p.window_ms / 60_000, p.step_ms / 60_000)}</div>
                        })}
                    })}
                    {(!fired.is_empty()).then(|| view! {
                        <table class="table">
                            <caption>"Runs that would have fired"</caption>
                            <thead><tr><th scope="col">"Run at"</th><th scope="col">"Triggers"</th><th scope="col">"Hits"</th><th scope="col">"Buckets"</th></tr></thead>
                            <tbody>{fired.into_iter().map(|r| view! {
                                <tr>
                                    <td>{utc_text(r.period_end_ms)}</td>
                                    <td>{r.triggered.join(", ")}</td>
                                    <td>{r.hits.map(|h| h.to_string()).unwrap_or_else(|| "\u{2014}".into())}</td>
                                    <td>{r.buckets}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                        {(more > 0).then(|| view! { <p class="muted">{format!("And {more} more.")}</p> })}
                    })}
                }
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(at: i64, fired: bool) -> BacktestRun {
        BacktestRun { period_end_ms: at, triggered: if fired { vec!["T".into()] } else { vec![] }, hits: Some(u64::from(fired) * 3), ..Default::default() }
    }

    #[test]
    fn the_result_says_how_often_and_when_first() {
        let mut p = Progress { hours: 24, total: 4, done: true, runs: vec![run(0, false), run(60_000, true), run(120_000, true), run(180_000, false)], ..Default::default() };
        assert_eq!(p.summary(), "Would have fired 2 time(s) over the last 1 day, first at 1970-01-01 00:01 UTC.");
        assert_eq!(p.timeline_svg().matches("<rect").count(), 4);
        assert_eq!(p.timeline_svg().matches(colour(TimelineState::Triggered)).count(), 2);
        p.runs.truncate(1);
        p.done = false;
        p.runs[0].error = Some("no such index".into());
        assert_eq!(p.summary(), "Would not have fired in the first 1 of 4 runs. 1 run(s) failed.");
    }
}
