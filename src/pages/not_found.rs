use leptos::prelude::*;

/// Any URL the console does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address."</p>
            <p><a href="/">"Back to the console"</a></p>
        </section>
    }
}
