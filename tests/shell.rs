//! Browser test: the app mounts, names the product, and routes unknown URLs to a not-found page.
#![cfg(target_arch = "wasm32")]

mod support;

use polaris_jobs_console::{App, APP_TITLE};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_mounts_names_the_product_and_asks_to_connect() {
    let _page = exclusive().await;
    clear_storage();
    go_to("/");
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone(), App);
    leptos::task::tick().await;
    assert_eq!(text(&q(&host, "header .brand").expect("a header brand")), APP_TITLE);
    wait_for("the connect page", 5, || q(&host, "h1").is_some_and(|h| text(&h) == "Connect to Polaris")).await;
    assert!(button(&host, "Connect").is_some());
}

#[wasm_bindgen_test]
async fn unknown_urls_show_a_not_found_page_with_a_way_back() {
    let _page = exclusive().await;
    clear_storage();
    go_to("/no/such/page");
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone(), App);
    wait_for("the not-found page", 5, || q(&host, "h1").is_some_and(|h| text(&h) == "Page not found")).await;
    let back = q(&host, "main a[href='/']").expect("a link back");
    assert_eq!(text(&back), "Back to the console");
}
