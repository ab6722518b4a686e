// The staff's check-in scanner (templates/events/checkin_scanner.html). Reads QR codes with
// the camera where the browser has BarcodeDetector (Chrome on Android), posts each code to
// the page's form URL and shows the answer big. The code field always works without it.
(function () {
  "use strict";
  var form = document.querySelector("[data-scanner-form]");
  if (!form) { return; }
  var result = document.querySelector("[data-scan-result]");
  var count = document.querySelector("[data-scanner-count]");
  var field = form.querySelector("input[name=code]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var startBtn = document.querySelector("[data-scanner-start]");
  var stopBtn = document.querySelector("[data-scanner-stop]");
  var camera = document.querySelector("[data-scanner-camera]");
  var video = document.querySelector("[data-scanner-video]");
  var noCamera = document.querySelector("[data-scanner-nocamera]");
  var busy = false, stream = null, detector = null, lastCode = "", lastAt = 0;

  function show(data) {
    result.className = "scan-result scan-" + data.code;
    result.textContent = data.message;
    if (count && data.count) { count.textContent = data.count; }
    if (navigator.vibrate) { navigator.vibrate(data.ok ? 80 : [60, 60, 60]); }
  }

  function send(code) {
    if (busy || !code) { return; }
    busy = true;
    var body = new FormData();
    body.append("code", code);
    body.append("csrfmiddlewaretoken", csrf.value);
    fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                        headers: {"Accept": "application/json", "X-CSRFToken": csrf.value}})
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () {
        result.className = "scan-result scan-error";
        result.textContent = form.dataset.offline || "Нет связи с сервером: попробуйте ещё раз.";
      })
      .finally(function () { busy = false; });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    send(field.value.trim());
    field.value = "";
    field.focus();
  });

  function tick() {
    if (!stream) { return; }
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      if (codes.length) {
        var code = codes[0].rawValue;
        // The same ticket held in front of the camera: once every 3 seconds.
        if (code !== lastCode || now - lastAt > 3000) {
          lastCode = code; lastAt = now;
          send(code);
        }
      }
    }).catch(function () {}).finally(function () { setTimeout(tick, 250); });
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    camera.hidden = true;
    startBtn.hidden = false;
  }

  function start() {
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.play();
        camera.hidden = false;
        startBtn.hidden = true;
        tick();
      })
      .catch(function () { noCamera.hidden = false; startBtn.hidden = true; });
  }

  var can = "BarcodeDetector" in window && navigator.mediaDevices &&
            navigator.mediaDevices.getUserMedia;
  if (!can) { noCamera.hidden = false; return; }
  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") < 0) { noCamera.hidden = false; return; }
    detector = new window.BarcodeDetector({formats: ["qr_code"]});
    startBtn.hidden = false;
    startBtn.addEventListener("click", start);
    stopBtn.addEventListener("click", stop);
  }).catch(function () { noCamera.hidden = false; });
}());
