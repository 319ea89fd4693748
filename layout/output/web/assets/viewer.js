/* The page view: the page's IIIF level-0 tiles in OpenSeadragon, and each
 * article's area as a link drawn over them (an SVG overlay that zooms with
 * the image). The same links are listed beside the page (#toc), so the areas
 * are kept out of the tab order; hovering or focusing a listed article lights
 * its area. #story-ID in the address zooms to that article (a jump's other
 * part links here that way). Written by Banmian; plain JavaScript, no build step. */
(function () {
  "use strict";
  var data = window.BANMIAN_PAGE;
  var element = document.getElementById("viewer");
  if (!data || !element || !window.OpenSeadragon) {
    return;
  }
  var info = data.info;
  var started = window.performance ? performance.now() : 0;
  var SVG = "http://www.w3.org/2000/svg";

  var viewer = OpenSeadragon({
    element: element,
    tileSources: info,
    drawer: "canvas",            // file:// images may not go into WebGL textures
    showNavigationControl: false,
    visibilityRatio: 0.5,
    minZoomImageRatio: 0.8,
    maxZoomPixelRatio: 2,
    animationTime: 0.6,
    gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true },
    gestureSettingsTouch: { clickToZoom: false, dblClickToZoom: true, pinchToZoom: true },
    preserveImageSizeOnResize: true
  });

  function firstTile() {
    if (element.getAttribute("data-first-tile-ms") === null && window.performance) {
      element.setAttribute("data-first-tile-ms", String(Math.round(performance.now() - started)));
    }
  }
  viewer.addHandler("tile-drawn", firstTile);
  viewer.addHandler("tile-loaded", function () {
    // tile-drawn is the moment it shows; tile-loaded only if a drawer does not tell
    window.setTimeout(firstTile, 0);
  });

  var svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 " + info.width + " " + info.height);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("class", "zones");
  svg.setAttribute("aria-hidden", "true");
  var byStory = {};
  data.zones.forEach(function (zone) {
    var link = document.createElementNS(SVG, "a");
    link.setAttribute("href", zone.href);
    link.setAttribute("tabindex", "-1");
    link.setAttribute("class", "zone " + zone.kind);
    link.setAttribute("data-story", zone.story);
    var title = document.createElementNS(SVG, "title");
    title.textContent = zone.title;
    link.appendChild(title);
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", zone.d);
    link.appendChild(path);
    svg.appendChild(link);
    (byStory[zone.story] = byStory[zone.story] || []).push(link);
  });

  // The viewer captures the pointer while a button is down (a drag pans the
  // page), so a click on an area reaches the viewer, not the link: the
  // viewer's own click event says whether it was a click (quick, no drag),
  // and the area under the pointer is the link to follow.
  function follow(link, event) {
    var href = link.getAttribute("href");
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button === 1) {
      window.open(href, "_blank");
    } else {
      window.location.href = href;
    }
  }
  viewer.addHandler("canvas-click", function (event) {
    var original = event.originalEvent;
    if (!event.quick || !original) { return; }
    var hit = document.elementFromPoint(original.clientX, original.clientY);
    var link = hit && hit.closest ? hit.closest("svg.zones a") : null;
    if (link) {
      event.preventDefaultAction = true;
      follow(link, original);
    }
  });
  svg.addEventListener("click", function (event) {
    event.preventDefault();      // followed above, once
  });

  function light(story, on) {
    (byStory[story] || []).forEach(function (link) {
      var names = link.getAttribute("class").replace(/ active/g, "");
      link.setAttribute("class", on ? names + " active" : names);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("#toc a[data-story]"), function (link) {
    var story = link.getAttribute("data-story");
    link.addEventListener("mouseenter", function () { light(story, true); });
    link.addEventListener("mouseleave", function () { light(story, false); });
    link.addEventListener("focus", function () { light(story, true); });
    link.addEventListener("blur", function () { light(story, false); });
  });
  svg.addEventListener("mouseover", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    var item = link && document.getElementById("toc-" + link.getAttribute("data-story"));
    if (item) { item.classList.add("active"); }
  });
  svg.addEventListener("mouseout", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    var item = link && document.getElementById("toc-" + link.getAttribute("data-story"));
    if (item) { item.classList.remove("active"); }
  });

  function showStory() {
    var match = /^#story-(.+)$/.exec(window.location.hash);
    if (!match) { return; }
    var story = decodeURIComponent(match[1]);
    var links = byStory[story];
    if (!links) { return; }
    var box = null;
    links.forEach(function (link) {
      var b = link.querySelector("path").getBBox();
      box = box ? {
        x: Math.min(box.x, b.x), y: Math.min(box.y, b.y),
        r: Math.max(box.r, b.x + b.width), b: Math.max(box.b, b.y + b.height)
      } : { x: b.x, y: b.y, r: b.x + b.width, b: b.y + b.height };
    });
    Object.keys(byStory).forEach(function (s) { light(s, s === story); });
    var w = info.width;
    var pad = 40;
    viewer.viewport.fitBounds(new OpenSeadragon.Rect((box.x - pad) / w, (box.y - pad) / w,
      (box.r - box.x + 2 * pad) / w, (box.b - box.y + 2 * pad) / w));
    var item = document.getElementById("toc-" + story);
    if (item) { item.classList.add("current"); }
  }

  viewer.addHandler("open", function () {
    viewer.addOverlay({ element: svg, location: new OpenSeadragon.Rect(0, 0, 1, info.height / info.width) });
    showStory();
  });
  window.addEventListener("hashchange", showStory);

  function button(id, action) {
    var b = document.getElementById(id);
    if (b) { b.addEventListener("click", action); }
  }
  button("zoom-in", function () { viewer.viewport.zoomBy(1.5); viewer.viewport.applyConstraints(); });
  button("zoom-out", function () { viewer.viewport.zoomBy(1 / 1.5); viewer.viewport.applyConstraints(); });
  button("zoom-home", function () { viewer.viewport.goHome(); });
  window.BANMIAN_VIEWER = viewer;
}());
