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
