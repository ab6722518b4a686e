// The event form's town map: a tap sets the latitude and longitude fields (the inverse of
// veche.territories.geo.Projection, whose numbers the figure carries), typing in the fields
// moves the point. Without scripts the number fields work as they are.
(function () {
  "use strict";
  function setUp(figure) {
    var d = figure.dataset;
    var p = {kx: +d.kx, west: +d.west, north: +d.north, scale: +d.scale, left: +d.left, top: +d.top};
    var svg = figure.querySelector("svg");
    var dot = figure.querySelector(".event-map-point");
    var lat = document.getElementById(d.latField);
    var lon = document.getElementById(d.lonField);
    if (!svg || !dot || !lat || !lon || !p.scale || !p.kx) return;
    function show(x, y) {
      dot.setAttribute("cx", x.toFixed(1));
      dot.setAttribute("cy", y.toFixed(1));
      dot.removeAttribute("hidden");
    }
    svg.style.cursor = "crosshair";
    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var at = point.matrixTransform(svg.getScreenCTM().inverse());
      lat.value = (p.north - (at.y - p.top) / p.scale).toFixed(6);
      lon.value = (p.west + (at.x - p.left) / (p.kx * p.scale)).toFixed(6);
      show(at.x, at.y);
      lat.dispatchEvent(new Event("change", {bubbles: true}));
    });
    function typed() {
      var a = parseFloat(String(lat.value).replace(",", "."));
      var b = parseFloat(String(lon.value).replace(",", "."));
      if (isNaN(a) || isNaN(b)) return;
      show(p.left + (b - p.west) * p.kx * p.scale, p.top + (p.north - a) * p.scale);
    }
    lat.addEventListener("input", typed);
    lon.addEventListener("input", typed);
  }
  document.querySelectorAll("[data-map-picker]").forEach(setUp);
})();
