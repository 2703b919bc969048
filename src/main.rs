fn main() {
    console_error_panic_hook::set_once();
    // Before anything writes HTML (see trusted_html).
    polaris_jobs_console::trusted_html::install();
    leptos::mount::mount_to_body(polaris_jobs_console::App);
}
