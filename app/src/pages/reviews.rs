//! `/reviews` and `/reviews/:id`: four-eyes publish. The list shows the team's review
//! requests (or only those waiting for the viewer); a request shows its frozen revision,
//! what it changes on the cluster, a preview of it on the real cluster, and — for a
//! publisher who is not its author — Approve (which publishes it) and Reject.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{Call, DecideReview, PreviewRequest, Review, ReviewDetail, ReviewQuery, ops},
    client,
    labels::Label,
    model::diff,
};

fn state_text(review: &Review) -> &'static str {
    if review.stale { "Stale: the draft changed since" } else { review.state.label() }
}

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let for_me = RwSignal::new(false);
    let reviews = Resource::new(move || for_me.get(), |for_me| client::call::<ops::ListReviews>(Call::query(ReviewQuery { state: None, for_me })));
    view! {
        <div class="page">
            <header class="page-header"><h1>"Review requests"</h1></header>
            <label><input type="checkbox" prop:checked=move || for_me.get() on:change=move |ev| for_me.set(event_target_checked(&ev))/>" Waiting for me"</label>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading review requests…"</p> }>
                {move || reviews.get().map(|r| match r {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>"No review requests."</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table">
                            <thead><tr><th scope="col">"Monitor"</th><th scope="col">"Version"</th><th scope="col">"Requested by"</th><th scope="col">"Requested"</th><th scope="col">"State"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|r| view! {
                                    <tr>
                                        <td><a href=format!("/reviews/{}", r.id)>{r.name.clone()}</a></td>
                                        <td>{r.version}</td>
                                        <td>{r.author.clone()}</td>
                                        <td>{r.created_at.clone()}</td>
                                        <td>{state_text(&r)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let reload = RwSignal::new(0u32);
    let detail = Resource::new(move || (id.get(), reload.get()), |(id, _)| client::call::<ops::GetReview>(Call::at(id)));
    let outcome = RwSignal::new(None::<Result<String, String>>);
    view! {
        <div class="page">
            {move || outcome.get().map(|r| match r {
                Ok(m) => view! { <div class="callout" role="status">{m}</div> }.into_any(),
                Err(m) => view! { <div class="callout error" role="alert">{m}</div> }.into_any(),
            })}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the review request…"</p> }>
                {move || detail.get().map(|r| match r {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(d) => view! { <ReviewView detail=d reload outcome/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ReviewView(detail: ReviewDetail, reload: RwSignal<u32>, outcome: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    let ReviewDetail { review, document, deployed_monitor_id, changes, can_decide } = detail;
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let id = review.id.clone();
    let decide = move |approve: bool| {
        let id = id.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let body = DecideReview { comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()) };
            let result = if approve {
                client::call::<ops::ApproveReview>(Call { params: id, query: Default::default(), body }).await
            } else {
                client::call::<ops::RejectReview>(Call { params: id, query: Default::default(), body }).await
            };
            outcome.set(Some(match result {
                Ok(r) if approve => Ok(format!("Approved and published as monitor {}.", r.monitor_id.unwrap_or_default())),
                Ok(_) => Ok("Rejected: the author sees your comment.".into()),
                Err(e) => Err(e.message()),
            }));
            busy.set(false);
            reload.update(|n| *n += 1);
        });
    };
    let decide_too = decide.clone();
    let preview = RwSignal::new(None::<Result<String, String>>);
    let run_preview = move |_| {
        let document = document.clone();
        preview.set(Some(Ok("Running the preview on the cluster…".into())));
        leptos::task::spawn_local(async move {
            preview.set(Some(match client::call::<ops::RunPreview>(Call::body(PreviewRequest { document })).await {
                Ok(p) => match p.error {
                    Some(error) => Err(format!("The query failed: {error}")),
                    None => Ok(p
                        .triggers
                        .iter()
                        .map(|t| match &t.error {
                            Some(e) => format!("{}: error: {e}", t.name),
                            None => format!("{}: {}", t.name, if t.triggered { "would trigger" } else { "would not trigger" }),
                        })
                        .chain(p.hits.map(|h| format!("{h} hit(s) in the window")))
                        .collect::<Vec<_>>()
                        .join("\n")),
                },
                Err(e) => Err(e.message()),
            }));
        });
    };
    view! {
        <header class="page-header">
            <h1>{format!("Review of \u{201c}{}\u{201d}", review.name)}</h1>
            <a class="button" href=format!("/drafts/{}", review.draft_id)>"Open the draft"</a>
        </header>
        <dl class="summary">
            <dt>"State"</dt><dd>{state_text(&review)}</dd>
            <dt>"Requested by"</dt><dd>{review.author.clone()}</dd>
            <dt>"Requested"</dt><dd>{review.created_at.clone()}</dd>
            <dt>"Version"</dt><dd>{review.version}</dd>
            {review.message.clone().map(|m| view! { <dt>"Message"</dt><dd>{m}</dd> })}
            {review.reviewer.clone().map(|r| view! { <dt>"Decided by"</dt><dd>{r}</dd> })}
            {review.comment.clone().map(|c| view! { <dt>"Comment"</dt><dd>{c}</dd> })}
            {review.monitor_id.clone().map(|m| view! { <dt>"Monitor"</dt><dd><a href=format!("/monitors/{m}")>{m.clone()}</a></dd> })}
        </dl>
        <section class="panel" aria-labelledby="changes-heading">
            <h2 id="changes-heading">{match &deployed_monitor_id {
                Some(_) => "Changes to the deployed monitor",
                None => "A new monitor",
            }}</h2>
            {if changes.is_empty() {
                view! { <p>"No changes: the cluster already runs this version."</p> }.into_any()
            } else {
                view! { <pre class="diff" aria-label="Changes">{diff::describe(&changes)}</pre> }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="review-preview-heading">
            <h2 id="review-preview-heading">"Preview"</h2>
            <button type="button" on:click=run_preview>"Run preview"</button>
            {move || preview.get().map(|r| match r {
                Ok(text) => view! { <pre class="json" role="status">{text}</pre> }.into_any(),
                Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            })}
        </section>
        {can_decide.then(|| view! {
            <section class="panel" aria-labelledby="decide-heading">
                <h2 id="decide-heading">"Decide"</h2>
                <div class="field">
                    <label for="review-comment">"Comment"</label>
                    <textarea id="review-comment" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <div class="row-buttons">
                    <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| decide(true)>"Approve and publish"</button>
                    <button type="button" class="danger" disabled=move || busy.get() on:click=move |_| decide_too(false)>"Reject"</button>
                </div>
            </section>
        })}
    }
}
