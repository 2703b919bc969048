// The benchmark's clock warp (not part of the app): `cargo xtask bench` loads it before the
// app in its endurance run, so that the app's own auto-refresh (every 5 s of page time) runs
// 50 times as often in real time. Timers and the page's clock are scaled together; nothing
// else of the page changes.
(() => {
  const k = 50;
  const realNow = Date.now.bind(Date);
  const start = realNow();
  Date.now = () => start + (realNow() - start) * k;
  const st = window.setTimeout.bind(window);
  const si = window.setInterval.bind(window);
  window.setTimeout = (f, d, ...a) => st(f, (Number(d) || 0) / k, ...a);
  window.setInterval = (f, d, ...a) => si(f, (Number(d) || 0) / k, ...a);
})();
