//! The composite parts of the form: "Delegate monitors" — the team's per query, per bucket
//! and per document monitors, chosen by name, in the order they run — and a composite
//! trigger's condition rows over them (`[NOT] monitor AND|OR [NOT] monitor …`).

use leptos::prelude::*;

use super::{inputs::*, state::use_editor};
use crate::{
    api::{Call, MonitorListQuery, MonitorSummary, PreviewRequest, PreviewResult, ops},
    client::{self, ClientError},
    components::browser_only::browser_only,
    model::{ChainConditionDraft, ChainOperator, MonitorDraft, MonitorType, composite},
};

/// The monitors a delegate row offers (loaded in the browser once the draft is a composite
/// monitor; `None` until then) and a way to load them again. Provided by the editor, for
/// the delegate rows and the trigger conditions alike.
#[derive(Clone, Copy)]
pub struct DelegateChoices {
    list: Signal<Option<Result<Vec<MonitorSummary>, String>>>,
    reload: RwSignal<u32>,
}

impl DelegateChoices {
    pub fn provide(ctx: super::state::EditorCtx) -> DelegateChoices {
        let reload = RwSignal::new(0u32);
        let wanted = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::Composite));
        let resource = LocalResource::new(move || {
            reload.track();
            let query = MonitorListQuery { limit: Some(crate::api::MAX_MONITOR_PAGE), ..Default::default() };
            let wanted = wanted.get();
            async move {
                if !wanted {
                    return Ok(crate::api::MonitorList::default());
                }
                client::call::<ops::ListMonitors>(Call::query(query)).await
            }
        });
        let loaded = browser_only(resource);
        let list = Signal::derive(move || {
            loaded.get().map(|r| {
                r.map(|l| {
                    let mut monitors: Vec<MonitorSummary> = l
                        .monitors
                        .into_iter()
                        .filter(|m| MonitorType::from_api_name(&m.monitor_type).is_some_and(composite::can_delegate))
                        .collect();
                    monitors.sort_by(|a, b| (&a.monitor_type, &a.name).cmp(&(&b.monitor_type, &b.name)));
                    monitors
                })
                .map_err(|e| e.message())
            })
        });
        let choices = DelegateChoices { list, reload };
        provide_context(choices);
        choices
    }

    /// A delegate's name, or its id while the list is loading or when it is not listed.
    fn name(&self, id: &str) -> String {
        self.list.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).and_then(|l| l.iter().find(|m| m.id == id)).map(|m| m.name.clone())).unwrap_or_else(|| id.to_owned())
    }
}

/// "Delegate monitors": two to ten rows, each a monitor chosen by name.
#[component]
pub fn DelegateMonitors() -> impl IntoView {
    let ctx = use_editor();
    let choices = expect_context::<DelegateChoices>();
    let count = Memo::new(move |_| ctx.draft.with(|d| d.delegates.len()));
    let kept_as_json = Memo::new(move |_| ctx.draft.with(|d| d.raw_inputs.is_some()));
    let available = Memo::new(move |_| choices.list.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len)));
    let error = ctx.error("delegates".into());
    let add = move |_: leptos::ev::MouseEvent| ctx.edit(|d| d.delegates.push(String::new()));
    view! {
        <section class="panel" id="delegate-monitors" aria-labelledby="delegate-monitors-title">
            <h2 id="delegate-monitors-title">"Delegate monitors"</h2>
            <p class="help">
                "Delegate two or more monitors to run as part of this workflow. The order in which you select the monitors determines their order in the workflow. The monitor types per query, per bucket, and per document are supported."
            </p>
            <Show when=move || !kept_as_json.get()
                fallback=|| view! { <p class="callout">"These delegates chain findings from one monitor to the next, which the form does not show: they are kept as JSON and published unchanged."</p> }>
                {move || match choices.list.get() {
                    Some(Err(message)) => view! {
                        <p class="callout error" role="alert">{format!("The monitors could not be listed: {message}")}</p>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                {move || (0..count.get()).map(|i| view! { <DelegateRow index=i/> }).collect_view()}
                <p class="error" role="alert">{move || error.get()}</p>
                <div class="row-buttons">
                    <button type="button" on:click=add
                        disabled=move || { count.get() >= composite::MAX_DELEGATES || count.get() >= available.get() }>
                        "Add another monitor"
                    </button>
                    <button type="button" class="link" on:click=move |_| choices.reload.update(|n| *n = n.wrapping_add(1))>"Refresh monitors"</button>
                </div>
                <p class="help">{move || format!("You can add up to {} more monitors.", composite::MAX_DELEGATES.saturating_sub(count.get()))}</p>
            </Show>
            <CompositePreview/>
        </section>
    }
}

/// "Preview delegate monitors": each delegate dry-run now, in order, and each trigger's
/// condition over which of them would alert (see the server's composite preview).
#[component]
fn CompositePreview() -> impl IntoView {
    let ctx = use_editor();
    let running = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<PreviewResult, ClientError>>);
    let run = move |_: leptos::ev::MouseEvent| {
        let document = ctx.draft.get_untracked();
        running.set(true);
        leptos::task::spawn_local(async move {
            let answer = client::call::<ops::RunPreview>(Call::body(PreviewRequest { document })).await;
            if let Err(e) = &answer {
                ctx.server_errors.update(|errs| errs.extend(e.field_errors()));
            }
            result.set(Some(answer));
            running.set(false);
        });
    };
    view! {
        <section class="preview" aria-labelledby="composite-preview-title">
            <h3 id="composite-preview-title">"Preview delegate monitors"</h3>
            <p class="help">
                "Runs each delegate now as a dry run (nothing is sent, no alert is written) and checks each trigger's condition against the delegates that would alert. Messages can be tested once the composite monitor is published."
            </p>
            <button type="button" on:click=run disabled=move || running.get()>"Run"</button>
            {move || match result.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                Some(Ok(r)) => view! {
                    <table class="table" aria-label="Delegate monitors in this run">
                        <thead><tr><th scope="col">"Order"</th><th scope="col">"Monitor"</th><th scope="col">"Would alert"</th><th scope="col">"Triggers met"</th></tr></thead>
                        <tbody>{r.delegates.iter().enumerate().map(|(i, d)| view! {
                            <tr>
                                <td>{i + 1}</td><td>{d.name.clone()}</td>
                                <td>{match &d.error { Some(e) => format!("Error: {e}"), None => if d.alerted { "Yes" } else { "No" }.to_owned() }}</td>
                                <td>{if d.triggers.is_empty() { "\u{2014}".to_owned() } else { d.triggers.join(", ") }}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                    <ul aria-label="Trigger condition responses">{r.triggers.iter().map(|t| view! {
                        <li role="status">{match &t.error {
                            Some(e) => format!("{}: {e}", t.name),
                            None => format!("{}: {}", t.name, if t.triggered { "would trigger" } else { "would not trigger" }),
                        }}</li>
                    }).collect_view()}</ul>
                    <p class="help">{format!("Request duration: {} ms", r.request_ms)}</p>
                }.into_any(),
            }}
        </section>
    }
}

fn delegate(d: &MonitorDraft, i: usize) -> String {
    d.delegates.get(i).cloned().unwrap_or_default()
}

/// `(value, label)` of a row's select: "Select a monitor", then the monitors, each labelled
/// with its type; monitors other rows chose are left out, and a choice no longer listed
/// stays (as "not found") so nothing changes silently.
fn row_options(list: &[MonitorSummary], chosen: &[String], i: usize) -> Vec<(String, String)> {
    let mine = chosen.get(i).cloned().unwrap_or_default();
    let mut out = vec![(String::new(), "Select a monitor".to_owned())];
    if !mine.is_empty() && !list.iter().any(|m| m.id == mine) {
        out.push((mine.clone(), format!("{mine} (not found)")));
    }
    for m in list.iter().filter(|m| m.id == mine || !chosen.contains(&m.id)) {
        let kind = MonitorType::from_api_name(&m.monitor_type).map_or("", MonitorType::label);
        out.push((m.id.clone(), format!("{} ({kind})", m.name)));
    }
    out
}

#[component]
fn DelegateRow(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let choices = expect_context::<DelegateChoices>();
    let i = index;
    let options = Memo::new(move |_| {
        let chosen = ctx.draft.with(|d| d.delegates.clone());
        choices.list.with(|l| row_options(l.as_ref().and_then(|r| r.as_ref().ok()).map_or(&[][..], Vec::as_slice), &chosen, i))
    });
    let chosen = Memo::new(move |_| ctx.draft.with(|d| delegate(d, i)));
    view! {
        <div class="row" role="group" aria-label=format!("Delegate {}", i + 1)>
            {move || view! {
                <DraftSelect label=format!("Monitor {}", i + 1) path=format!("delegates[{i}]") options=options.get()
                    get=move |d| delegate(d, i)
                    set=move |d, v| if let Some(slot) = d.delegates.get_mut(i) { *slot = v }/>
            }}
            <Show when=move || !chosen.get().is_empty()>
                <a class="link" href=move || format!("/monitors/{}", chosen.get()) target="_blank" rel="noopener">"View monitor"</a>
            </Show>
            <button type="button" class="link"
                on:click=move |_| ctx.edit(|d| { if i < d.delegates.len() { d.delegates.remove(i); } })>
                {format!("Remove monitor {}", i + 1)}
            </button>
        </div>
    }
}

fn condition(d: &MonitorDraft, i: usize, k: usize) -> Option<&ChainConditionDraft> {
    d.triggers.get(i).and_then(|t| t.chain_conditions.get(k))
}

fn condition_mut(d: &mut MonitorDraft, i: usize, k: usize) -> Option<&mut ChainConditionDraft> {
    d.triggers.get_mut(i).and_then(|t| t.chain_conditions.get_mut(k))
}

/// "Trigger condition" of composite trigger `index`: rows over the delegates.
#[component]
pub fn ChainConditionRows(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let i = index;
    let count = Memo::new(move |_| ctx.draft.with(|d| d.triggers.get(i).map_or(0, |t| t.chain_conditions.len())));
    let delegates = Memo::new(move |_| ctx.draft.with(|d| d.delegates.iter().filter(|id| !id.is_empty()).count()));
    let error = ctx.error(format!("triggers[{i}].chain_conditions"));
    let add = move |_: leptos::ev::MouseEvent| {
        ctx.edit(|d| {
            if let Some(t) = d.triggers.get_mut(i) {
                t.chain_conditions.push(ChainConditionDraft { operator: ChainOperator::And, monitor_id: String::new() });
            }
        })
    };
    view! {
        <fieldset class="group">
            <legend>"Trigger condition"</legend>
            <p class="help">"When selected monitors meet the specified conditions for alert generation, the composite monitor triggers its own alert."</p>
            {move || (0..count.get()).map(|k| view! { <ChainConditionRow trigger=i index=k/> }).collect_view()}
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="button" on:click=add disabled=move || { count.get() >= delegates.get() }>"Add condition"</button>
            <p class="help">{move || ctx.draft.with(|d| {
                let script = d.triggers.get(i).map(|t| composite::script(&t.chain_conditions)).unwrap_or_default();
                format!("The composite monitor triggers when {script} holds for the alerts its delegates raised in the run. AND and OR bind equally and are read left to right.")
            })}</p>
        </fieldset>
    }
}

#[component]
fn ChainConditionRow(trigger: usize, index: usize) -> impl IntoView {
    let ctx = use_editor();
    let choices = expect_context::<DelegateChoices>();
    let (i, k) = (trigger, index);
    let p = move |s: &str| format!("triggers[{i}].chain_conditions[{k}].{s}");
    let operators: Vec<ChainOperator> = if k == 0 { ChainOperator::FIRST.to_vec() } else { ChainOperator::NEXT.to_vec() };
    let monitors = Memo::new(move |_| {
        ctx.draft.with(|d| {
            let mut out = vec![(String::new(), "Select delegate monitor".to_owned())];
            out.extend(d.delegates.iter().filter(|id| !id.is_empty()).map(|id| (id.clone(), choices.name(id))));
            if let Some(c) = condition(d, i, k).filter(|c| !c.monitor_id.is_empty() && !d.delegates.contains(&c.monitor_id)) {
                out.push((c.monitor_id.clone(), format!("{} (not a delegate)", c.monitor_id)));
            }
            out
        })
    });
    view! {
        <div class="row" role="group" aria-label=format!("Condition {}", k + 1)>
            <DraftSelect label="Operator" path=p("operator")
                options=operators.iter().map(|o| (o.label().to_owned(), if o.label().is_empty() { "(none)".to_owned() } else { o.label().to_owned() })).collect()
                get=move |d| condition(d, i, k).map(|c| c.operator.label().to_owned()).unwrap_or_default()
                set=move |d, v| if let (Some(c), Some(o)) = (condition_mut(d, i, k), ChainOperator::from_label(&v)) { c.operator = o }/>
            {move || view! {
                <DraftSelect label="Delegate monitor" path=p("monitor_id") options=monitors.get()
                    get=move |d| condition(d, i, k).map(|c| c.monitor_id.clone()).unwrap_or_default()
                    set=move |d, v| if let Some(c) = condition_mut(d, i, k) { c.monitor_id = v }/>
            }}
            <button type="button" class="link"
                on:click=move |_| ctx.edit(|d| if let Some(t) = d.triggers.get_mut(i) {
                    if k < t.chain_conditions.len() { t.chain_conditions.remove(k); }
                    if let Some(first) = t.chain_conditions.first_mut() {
                        // The first row is plain or NOT, as the Dashboards keep it.
                        first.operator = if matches!(first.operator, ChainOperator::Not | ChainOperator::AndNot | ChainOperator::OrNot) { ChainOperator::Not } else { ChainOperator::Plain };
                    }
                })>
                {format!("Remove condition {}", k + 1)}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, name: &str, t: MonitorType) -> MonitorSummary {
        MonitorSummary { id: id.into(), name: name.into(), monitor_type: t.api_name().into(), ..MonitorSummary::default() }
    }

    #[test]
    fn rows_offer_what_other_rows_did_not_choose_and_keep_a_lost_choice() {
        let list = [summary("a", "Failed logins", MonitorType::QueryLevel), summary("b", "Denied", MonitorType::BucketLevel)];
        let chosen = vec!["a".to_owned(), String::new()];
        assert_eq!(
            row_options(&list, &chosen, 1),
            [(String::new(), "Select a monitor".to_owned()), ("b".into(), "Denied (Per bucket monitor)".into())]
        );
        assert_eq!(row_options(&list, &chosen, 0).len(), 3, "a row keeps its own choice");
        let lost = row_options(&list, &["gone".to_owned()], 0);
        assert_eq!(lost[1], ("gone".into(), "gone (not found)".into()));
    }
}
