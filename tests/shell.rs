//! Browser test: the app shell mounts and shows the product name.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use polaris_jobs_console::{App, APP_TITLE};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_mounts_and_names_the_product() {
    let document = document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), App);
    leptos::task::tick().await;
    let h1 = host.query_selector("h1").unwrap().expect("an h1");
    assert_eq!(h1.text_content().unwrap(), APP_TITLE);
    let brand = host.query_selector("header .brand").unwrap().expect("a header brand");
    assert_eq!(brand.text_content().unwrap(), APP_TITLE);
}
