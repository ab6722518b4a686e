// Forms marked data-once are sent once: a second tap while the first is still on its way
// (photos uploading on a slow phone, a ballot) is ignored. The server refuses doubles too
// (one ballot per person; the same appeal text within minutes is the appeal already filed);
// this only spares the resident a confusing second answer.
(function () {
  function buttons(form, sending) {
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      if (sending) { b.setAttribute("aria-disabled", "true"); } else { b.removeAttribute("aria-disabled"); }
      b.classList.toggle("sending", sending);
    });
  }
  function once(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "1") { event.preventDefault(); return; }
      form.dataset.sent = "1";
      buttons(form, true);
    });
    // Back to the page from the history: it may be sent again.
    window.addEventListener("pageshow", function () {
      delete form.dataset.sent;
      buttons(form, false);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-once]").forEach(once);
  });
})();
