// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // "Same as billing" hides the service address.
  document.querySelectorAll("[data-toggle]").forEach((box) => {
    const target = document.getElementById(box.dataset.toggle);
    const sync = () => target && target.classList.toggle("js-hide", box.checked);
    target && target.classList.add("hidden-js");
    box.addEventListener("change", sync);
    sync();
  });
  // Filters apply as soon as they change.
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form && el.form.submit());
  });
  // Destructive forms ask first.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (e) => {
      if (!window.confirm(form.dataset.confirm)) e.preventDefault();
    });
  });
});

// On a phone the navigation folds behind the Menu button, which says whether it is open.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("nav-toggle"), body = document.getElementById("nav-main");
  if (!button || !body) return;
  const narrow = window.matchMedia("(max-width: 900px)");
  const show = (open) => { body.classList.toggle("collapsed", !open); button.setAttribute("aria-expanded", String(open)); };
  const fit = () => { button.hidden = !narrow.matches; show(!narrow.matches); };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  narrow.addEventListener("change", fit);
  fit();
});

// The signature pad: draw with a mouse, pen or finger; the drawing goes with the form as a
// PNG. Without JavaScript the typed name alone signs.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("canvas.signature-pad").forEach((canvas) => {
    const ctx = canvas.getContext("2d");
    const out = document.getElementById(canvas.dataset.target);
    let drawing = false, drawn = false, last = null;
    ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#0b1f44";
    const at = (e) => {
      const r = canvas.getBoundingClientRect();
      return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
    };
    canvas.addEventListener("pointerdown", (e) => { drawing = true; last = at(e); canvas.setPointerCapture(e.pointerId); e.preventDefault(); });
    canvas.addEventListener("pointermove", (e) => {
      if (!drawing) return;
      const p = at(e);
      ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
      last = p; drawn = true; e.preventDefault();
    });
    const stop = () => { drawing = false; if (drawn && out) out.value = canvas.toDataURL("image/png"); };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    document.querySelectorAll(`[data-clear="${canvas.id}"]`).forEach((b) => b.addEventListener("click", () => {
      ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; if (out) out.value = "";
    }));
  });
});
