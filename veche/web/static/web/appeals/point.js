// The appeal form's "where is it" point: a button fills latitude and longitude from the
// phone's location (a resident standing next to the pothole), without any map service.
(function () {
  function setup(button) {
    var form = button.closest("form");
    var status = document.getElementById(button.getAttribute("aria-controls"));
    if (!navigator.geolocation) { button.hidden = true; return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "Определяем местоположение…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=latitude]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=longitude]").value = pos.coords.longitude.toFixed(6);
        status.textContent = "Точка указана: " + pos.coords.latitude.toFixed(5) + ", " +
          pos.coords.longitude.toFixed(5) + ".";
      }, function () {
        status.textContent = "Не удалось определить местоположение. Укажите адрес словами.";
      }, {enableHighAccuracy: true, timeout: 15000});
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-appeal-locate]").forEach(setup);
  });
})();
