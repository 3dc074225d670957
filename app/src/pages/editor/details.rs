//! "Monitor details": name, type, defining method and frequency, with the schedule in
//! words and its next runs (checked by the server, which knows cron and timezones).

use leptos::prelude::*;

use crate::components::browser_only::{browser_only, loaded_once};

use super::{inputs::*, state::use_editor};
use crate::{
    api::{Call, ops},
    client,
    components::field::field_id,
    model::{DefiningMethod, Frequency, IntervalUnit, MonitorType, Weekday},
};

#[component]
pub fn MonitorDetails() -> impl IntoView {
    let ctx = use_editor();
    view! {
        <section class="panel" id="monitor-details" aria-labelledby="monitor-details-title">
            <h2 id="monitor-details-title">"Monitor details"</h2>
            <DraftText label="Monitor name" path="name" placeholder="Enter a monitor name"
                get=|d| d.name.clone() set=|d, v| d.name = v/>
            <fieldset class="cards">
                <legend>"Monitor type"</legend>
                {MonitorType::ALL
                    .into_iter()
                    .map(|t| {
                        let checked = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == t));
                        view! {
                            <label class="card">
                                <input type="radio" name="monitor_type" value=t.api_name() checked=checked.get_untracked() prop:checked=checked
                                    on:change=move |_| ctx.edit(|d| d.set_monitor_type(t))/>
                                <span class="card-title">{t.label()}</span>
                                <span class="card-description">{t.description()}</span>
                                {(t == MonitorType::ClusterMetrics).then(|| view! { <span class="card-note">"Run by administrators only"</span> })}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Show when=move || ctx.draft.with(|d| d.monitor_type != MonitorType::ClusterMetrics)>
            <fieldset class="cards">
                <legend>"Monitor defining method"</legend>
                {[DefiningMethod::Visual, DefiningMethod::ExtractionQuery]
                    .into_iter()
                    .map(|m| {
                        let checked = Memo::new(move |_| ctx.draft.with(|d| d.defining_method == m));
                        view! {
                            <label class="card">
                                <input type="radio" name="defining_method" checked=checked.get_untracked() prop:checked=checked
                                    on:change=move |_| ctx.edit(|d| d.defining_method = m)/>
                                <span class="card-title">{m.label()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            </Show>
            <ScheduleFields/>
        </section>
    }
}

fn frequency_options() -> Vec<(String, String)> {
    [("interval", "By interval"), ("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly"), ("cronExpression", "Custom cron expression")]
        .into_iter()
        .map(|(v, l)| (v.to_owned(), l.to_owned()))
        .collect()
}

/// Switching the frequency keeps the timezone and hour already chosen.
fn switch_frequency(current: &Frequency, kind: &str) -> Frequency {
    let timezone = current.timezone().unwrap_or("UTC").to_owned();
    let hour = match current {
        Frequency::Daily { hour, .. } | Frequency::Weekly { hour, .. } | Frequency::Monthly { hour, .. } => *hour,
        _ => 0,
    };
    match kind {
        "daily" => Frequency::Daily { hour, timezone },
        "weekly" => Frequency::Weekly { days: vec![Weekday::Mon], hour, timezone },
        "monthly" => Frequency::Monthly { day: 1, hour, timezone },
        "cronExpression" => Frequency::CustomCron { expression: "0 */1 * * *".into(), timezone },
        _ => Frequency::default(),
    }
}

fn hour_options() -> Vec<(String, String)> {
    (0..24u8)
        .map(|h| {
            let (twelve, suffix) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            (h.to_string(), format!("{twelve}:00 {suffix}"))
        })
        .collect()
}

fn hour_of(f: &Frequency) -> u8 {
    match f {
        Frequency::Daily { hour, .. } | Frequency::Weekly { hour, .. } | Frequency::Monthly { hour, .. } => *hour,
        _ => 0,
    }
}

fn set_hour(f: &mut Frequency, h: u8) {
    if let Frequency::Daily { hour, .. } | Frequency::Weekly { hour, .. } | Frequency::Monthly { hour, .. } = f {
        *hour = h;
    }
}

fn set_timezone(f: &mut Frequency, tz: String) {
    if let Frequency::Daily { timezone, .. }
    | Frequency::Weekly { timezone, .. }
    | Frequency::Monthly { timezone, .. }
    | Frequency::CustomCron { timezone, .. } = f
    {
        *timezone = tz;
    }
}

#[component]
fn ScheduleFields() -> impl IntoView {
    let ctx = use_editor();
    let kind = Memo::new(move |_| ctx.draft.with(|d| d.schedule.kind()));
    view! {
        <fieldset class="group">
            <legend>"Schedule"</legend>
            <DraftSelect label="Frequency" path="schedule.frequency" options=frequency_options()
                get=|d| d.schedule.kind().to_owned()
                set=|d, v| d.schedule = switch_frequency(&d.schedule, &v)/>
            {move || match kind.get() {
                "interval" => view! {
                    <div class="row">
                        <DraftNumber label="Run every" path="schedule.interval" integer=true min=1.0
                            get=|d| match d.schedule { Frequency::Interval { interval, .. } => f64::from(interval), _ => 1.0 }
                            set=|d, v| if let Frequency::Interval { interval, .. } = &mut d.schedule { *interval = v as u32 }/>
                        <DraftSelect label="Unit" path="schedule.unit"
                            options=IntervalUnit::ALL.iter().map(|u| (u.api_name().to_owned(), u.label().to_owned())).collect()
                            get=|d| match d.schedule { Frequency::Interval { unit, .. } => unit.api_name().to_owned(), _ => String::new() }
                            set=|d, v| if let (Frequency::Interval { unit, .. }, Some(u)) = (&mut d.schedule, IntervalUnit::from_api_name(&v)) { *unit = u }/>
                    </div>
                }
                .into_any(),
                "cronExpression" => view! {
                    <DraftText label="Custom cron expression" path="schedule.expression" rows=2
                        help="Use cron expressions for complex schedules: minute hour day-of-month month day-of-week."
                        get=|d| match &d.schedule { Frequency::CustomCron { expression, .. } => expression.clone(), _ => String::new() }
                        set=|d, v| if let Frequency::CustomCron { expression, .. } = &mut d.schedule { *expression = v }/>
                    <TimezoneField/>
                }
                .into_any(),
                other => view! {
                    {(other == "weekly").then(|| view! { <WeekdayChoices/> })}
                    {(other == "monthly").then(|| view! {
                        <DraftNumber label="On the day" path="schedule.day" integer=true min=1.0 max=31.0
                            get=|d| match d.schedule { Frequency::Monthly { day, .. } => f64::from(day), _ => 1.0 }
                            set=|d, v| if let Frequency::Monthly { day, .. } = &mut d.schedule { *day = v as u8 }/>
                    })}
                    <DraftSelect label="Around" path="schedule.hour" options=hour_options()
                        get=|d| hour_of(&d.schedule).to_string()
                        set=|d, v| set_hour(&mut d.schedule, v.parse().unwrap_or(0))/>
                    <TimezoneField/>
                }
                .into_any(),
            }}
            <SchedulePreviewBox/>
        </fieldset>
    }
}

#[component]
fn TimezoneField() -> impl IntoView {
    // The list comes from the server (chrono-tz), loaded once per page in the browser.
    let zones = loaded_once(|| async { client::call::<ops::ListTimezones>(Call::at(())).await.unwrap_or_default() });
    view! {
        <DraftText label="Timezone" path="schedule.timezone" list="timezone-list" placeholder="Select a timezone"
            on_change_only=true
            get=|d| d.schedule.timezone().unwrap_or_default().to_owned()
            set=|d, v| set_timezone(&mut d.schedule, v.trim().to_owned())/>
        <datalist id="timezone-list">
            {move || zones.get().unwrap_or_default().into_iter().map(|z| view! { <option value=z/> }).collect_view()}
        </datalist>
    }
}

#[component]
fn WeekdayChoices() -> impl IntoView {
    let ctx = use_editor();
    let error = ctx.error("schedule.days".into());
    view! {
        <fieldset class="weekdays" id=field_id("schedule.days")>
            <legend>"On"</legend>
            {Weekday::ALL
                .into_iter()
                .map(|day| {
                    let checked = Memo::new(move |_| ctx.draft.with(|d| matches!(&d.schedule, Frequency::Weekly { days, .. } if days.contains(&day))));
                    view! {
                        <label class="inline">
                            <input type="checkbox" checked=checked.get_untracked() prop:checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                ctx.edit(|d| if let Frequency::Weekly { days, .. } = &mut d.schedule {
                                    days.retain(|x| *x != day);
                                    if on { days.push(day); days.sort(); }
                                });
                                ctx.touch("schedule.days");
                            }/>
                            {day.label()}
                        </label>
                    }
                })
                .collect_view()}
            <p class="error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// "Every day around 9:00 am Europe/Berlin" and the next five runs, from the server.
#[component]
fn SchedulePreviewBox() -> impl IntoView {
    let ctx = use_editor();
    let schedule = Memo::new(move |_| ctx.draft.with(|d| d.schedule.clone()));
    let preview = browser_only(LocalResource::new(move || {
        let schedule = schedule.get();
        client::call::<ops::PreviewSchedule>(Call::body(schedule))
    }));
    // Server-side schedule errors (bad cron, unknown timezone) show at their fields.
    Effect::new(move |_| {
        let result = preview.get();
        ctx.server_errors.update(|errs| {
            errs.retain(|k, _| !k.starts_with("schedule."));
            if let Some(Err(e)) = result {
                errs.extend(e.field_errors());
            }
        });
    });
    view! {
        <div class="schedule-preview" aria-live="polite">
            <p class="schedule-words">{move || crate::model::schedule::describe(&schedule.get())}</p>
            {move || match preview.get() {
                Some(Ok(p)) => view! {
                    <p class="muted">"Next runs:"</p>
                    <ol class="next-runs">{p.next_runs.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ol>
                }
                .into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}
