//! `/sign-in`: user name and password (a plain form post, so it works before the page's
//! script has loaded), or the single sign-on button when an identity provider is configured.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    api::{Call, contract::encode_component, ops},
    client,
};

fn message(code: &str) -> Option<&'static str> {
    match code {
        "wrong" => Some("Incorrect user name or password."),
        "limited" => Some("Too many sign-in attempts. Wait a minute, then try again."),
        "sso" => Some("Single sign-on did not complete. Try again, or sign in with a password."),
        _ => None,
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("next")).unwrap_or_else(|| "/".to_owned());
    let error = query.with_untracked(|q| q.get("error")).as_deref().and_then(message);
    let signed_out = query.with_untracked(|q| q.get("signed_out")).is_some();
    // Read once: rendered with the page and hydrated as is.
    let options = OnceResource::new(client::call::<ops::GetSignInOptions>(Call::at(())));
    let sso_next = next.clone();
    view! {
        <div class="page sign-in">
            <h1>"Sign in to Monitor Studio"</h1>
            {error.map(|e| view! { <div class="callout error" role="alert">{e}</div> })}
            {signed_out.then(|| view! { <p class="callout" role="status">"You are signed out."</p> })}
            <form method="post" action="/auth/sign-in" class="panel">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="sign-in-username">"Username"</label>
                    <input id="sign-in-username" name="username" type="text" autocomplete="username" required=true/>
                </div>
                <div class="field">
                    <label for="sign-in-password">"Password"</label>
                    <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required=true/>
                </div>
                <button type="submit" class="primary">"Sign in"</button>
            </form>
            <Suspense fallback=|| ()>
                {move || options.get().and_then(Result::ok).and_then(|o| o.oidc).map(|label| view! {
                    // `rel="external"`: a full page load (the router would look for a page of its own there).
                    <p><a class="button" rel="external" href=format!("/auth/oidc/start?next={}", encode_component(&sso_next))>{label}</a></p>
                })}
            </Suspense>
        </div>
    }
}
