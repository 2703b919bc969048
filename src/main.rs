#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // A panic's message and place in the browser's console: what console_error_panic_hook says,
    // less the JavaScript stack, which names no Rust function in a release build (and less code
    // in the list's first load).
    std::panic::set_hook(Box::new(|info| {
        let mut text = String::from("panicked: ");
        let payload = info.payload();
        let message =
            payload.downcast_ref::<&str>().copied().or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        text.push_str(message.unwrap_or("(no message)"));
        if let Some(at) = info.location() {
            text.push_str(" at ");
            text.push_str(at.file());
            text.push(':');
            polaris_jobs_console::text::format::push_padded(&mut text, u64::from(at.line()), 1);
        }
        web_sys::console::error_1(&text.into());
    }));
    // Before anything writes HTML (see text::html).
    polaris_jobs_console::text::html::install();
    leptos::mount::mount_to_body(polaris_jobs_console::App);
}
