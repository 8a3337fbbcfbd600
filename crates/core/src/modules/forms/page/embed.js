// Embeds a form: <script src="{{ base }}/embed.js"></script> where the form should
// appear. The form loads in an iframe that takes the height the page inside tells it.
(function () {
  "use strict";
  var base = {{ page_url|tojson }};
  var here = document.currentScript;
  var params = new URLSearchParams();
  params.set("embed", "1");
  new URLSearchParams(window.location.search).forEach(function (v, k) {
    if (/^utm_(source|medium|campaign)$/.test(k)) params.set(k, v);
  });
  var frame = document.createElement("iframe");
  frame.src = base + "?" + params.toString();
  frame.title = {{ title|tojson }};
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.minHeight = "200px";
  frame.style.display = "block";
  frame.setAttribute("data-aio-form", base);
  window.addEventListener("message", function (e) {
    if (e.source !== frame.contentWindow) return;
    var d = e.data;
    if (d && d.type === "aio-form:height" && typeof d.height === "number") {
      frame.style.height = Math.ceil(d.height) + "px";
    }
  });
  here.parentNode.insertBefore(frame, here.nextSibling);
})();
