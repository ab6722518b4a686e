/* Votes pages: small progressive enhancements. Everything works without this file (the
   server recounts and answers with the same messages); with it, the budget total and the
   «не больше k» counter update while ticking. A second click on «Отправить» is ignored by
   web/forms.js (forms marked data-once, on every page). */
(function () {
  "use strict";

  function money(n) {
    return n.toLocaleString("ru-RU").replace(/\u202f|\s/g, "\u00a0") + "\u00a0₽";
  }

  function budget(form) {
    var box = document.getElementById("budget-box");
    if (!box) return;
    var limit = parseInt(form.dataset.budget, 10) || 0;
    function update() {
      var total = 0;
      form.querySelectorAll("input[name=options]:checked").forEach(function (el) {
        total += parseInt(el.dataset.cost, 10) || 0;
      });
      var over = total > limit;
      box.classList.toggle("over", over);
      box.querySelector("[data-total]").textContent = money(total);
      var left = box.querySelector("[data-left]");
      left.textContent = over
        ? "Превышение бюджета на " + money(total - limit) + ": снимите отметку с одного из проектов."
        : "Осталось " + money(limit - total);
      left.classList.toggle("over-text", over);
      var bar = box.querySelector(".budget-meter span");
      if (bar) bar.style.width = Math.min(limit ? total / limit : 0, 1) * 100 + "%";
    }
    form.addEventListener("change", update);
  }

  function atMost(form) {
    var k = parseInt(form.dataset.max, 10);
    var out = document.getElementById("picked-count");
    if (!k || !out) return;
    function update() {
      var n = form.querySelectorAll("input[name=options]:checked").length;
      out.textContent = "Отмечено " + n + " из " + k + (n > k ? ". Снимите лишние отметки." : ".");
      out.classList.toggle("over-text", n > k);
    }
    form.addEventListener("change", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-budget]").forEach(budget);
    document.querySelectorAll("form[data-max]").forEach(atMost);
  });
})();
