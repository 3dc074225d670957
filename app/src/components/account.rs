//! The top bar's account menu: who is signed in, their API tokens, and Sign out (a plain
//! form post with the session's CSRF token, so it works before any script runs).

use leptos::prelude::*;

use crate::api::Me;

#[component]
pub fn AccountMenu(me: Me, csrf: Option<String>) -> impl IntoView {
    let name = if me.display_name.is_empty() { me.username.clone() } else { me.display_name.clone() };
    view! {
        <div class="account" aria-label="Account">
            <span class="muted">{format!("Signed in as {name}")}{me.is_admin.then_some(" (administrator)")}</span>
            <a href="/tokens">"API tokens"</a>
            {csrf.map(|token| view! {
                <form method="post" action="/auth/sign-out" class="inline-form">
                    <input type="hidden" name="csrf" value=token/>
                    <button type="submit">"Sign out"</button>
                </form>
            })}
        </div>
    }
}
