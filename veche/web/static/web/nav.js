// On a phone a section menu (.subnav) is one row that scrolls sideways (veche.css); bring the
// current section's link into that row's view, so the reader sees where they are.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".subnav").forEach(function (nav) {
      var current = nav.querySelector("[aria-current=page]");
      if (current && nav.scrollWidth > nav.clientWidth) {
        nav.scrollLeft = current.offsetLeft - 16;  // .subnav is position: relative
      }
    });
  });
})();
