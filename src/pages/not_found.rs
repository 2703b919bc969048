use leptos::prelude::*;
use leptos_router::components::A;

/// Any URL the console does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address."</p>
            <p><A href="/">"Back to the console"</A></p>
        </section>
    }
}
