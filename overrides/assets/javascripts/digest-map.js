/*
 * The map's keyboard and visible titles. Without this script every point is still a link
 * (with its title as tooltip and accessible name); with it:
 *
 * - the map is one tab stop (a roving tabindex), and the arrow keys move to the nearest point
 *   in their direction, Home and End to the first and last; Enter opens the paper;
 * - the focused, hovered or tapped point shows its title in a card beside it, drawn over the
 *   map with a ring on top of the other points;
 * - on a touch screen a tap selects the nearest point within a finger's width (points are small
 *   on a phone) and shows its card; tapping the card or the same point again opens it.
 */
(function () {
  "use strict";

  var TAP_REACH = 28;       // CSS px around a tap in which the nearest point is taken

  function setupMap(svg) {
    var frame = svg.parentNode;
    var links = Array.prototype.slice.call(svg.querySelectorAll("a"));
    if (!links.length) return;
    var box = svg.viewBox.baseVal;
    var points = links.map(function (link) {
      var circle = link.querySelector("circle");
      var title = link.querySelector("title");
      return { link: link, x: +circle.getAttribute("cx"), y: +circle.getAttribute("cy"),
               title: title ? title.textContent : link.getAttribute("href") };
    });
    var card = document.createElement("a");
    card.className = "digest-map__card";
    card.tabIndex = -1;                          // the point itself is the tab stop
    card.setAttribute("aria-hidden", "true");   // its text is the point's accessible name already
    card.hidden = true;
    frame.appendChild(card);
    var ring = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    ring.setAttribute("class", "digest-map__ring");
    ring.setAttribute("r", "11");
    ring.style.display = "none";
    svg.appendChild(ring);

    // the tab stop starts at the top-left-most point, where reading starts
    var current = points.reduce(function (best, p) { return p.x + p.y < best.x + best.y ? p : best; }, points[0]);
    var tapped = null;        // the point a tap selected (a tap also focuses it: focus alone is not a tap)
    points.forEach(function (p) { p.link.setAttribute("tabindex", p === current ? "0" : "-1"); });

    function makeCurrent(point) {
      if (current !== point) {
        current.link.setAttribute("tabindex", "-1");
        point.link.setAttribute("tabindex", "0");
        current = point;
      }
    }

    function show(point) {
      ring.setAttribute("cx", point.x);
      ring.setAttribute("cy", point.y);
      ring.style.display = "";
      card.textContent = point.title;
      card.href = point.link.href;
      card.hidden = false;
      var svgRect = svg.getBoundingClientRect();
      var frameRect = frame.getBoundingClientRect();
      var scale = svgRect.width / box.width;
      var x = svgRect.left - frameRect.left + frame.scrollLeft + point.x * scale;
      var y = svgRect.top - frameRect.top + point.y * scale;
      var width = card.offsetWidth;
      var left = Math.max(frame.scrollLeft + 4, Math.min(x - width / 2, frame.scrollLeft + frame.clientWidth - width - 4));
      card.style.left = left + "px";
      // above the point, or below it near the map's top edge
      var above = y - card.offsetHeight - 14;
      card.style.top = (above >= 0 ? above : y + 14) + "px";
    }

    function hide() {
      tapped = null;
      card.hidden = true;
      ring.style.display = "none";
    }

    function pointOf(element) {
      var link = element && element.closest && element.closest("a");
      var index = links.indexOf(link);
      return index >= 0 ? points[index] : null;
    }

    /* The nearest point in the arrow's direction: distance along it, plus twice the distance
       across it, so a point straight ahead wins over a closer one off to the side. */
    function next(from, dx, dy) {
      var best = null, bestScore = Infinity;
      points.forEach(function (p) {
        var along = (p.x - from.x) * dx + (p.y - from.y) * dy;
        if (p === from || along <= 0) return;
        var across = Math.abs((p.x - from.x) * dy - (p.y - from.y) * dx);
        var score = along + 2 * across;
        if (score < bestScore) { best = p; bestScore = score; }
      });
      return best;
    }

    var ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    svg.addEventListener("keydown", function (event) {
      var from = pointOf(event.target);
      if (!from) return;
      var target = null;
      if (ARROWS[event.key]) target = next(from, ARROWS[event.key][0], ARROWS[event.key][1]);
      else if (event.key === "Home") target = points[0];
      else if (event.key === "End") target = points[points.length - 1];
      else if (event.key === "Escape") { hide(); return; }
      else return;
      event.preventDefault();               // arrows move on the map, not the page
      if (target) target.link.focus();
    });
    svg.addEventListener("focusin", function (event) {
      var point = pointOf(event.target);
      if (point) { makeCurrent(point); show(point); }
    });
    svg.addEventListener("focusout", function (event) {
      if (!pointOf(event.relatedTarget) && event.relatedTarget !== card) hide();
    });

    var lastPointer = "mouse";
    svg.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; });
    svg.addEventListener("pointerover", function (event) {
      if (event.pointerType !== "mouse") return;
      var point = pointOf(event.target);
      if (point) show(point);
    });
    svg.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse" && !svg.contains(document.activeElement)) hide();
    });
    svg.addEventListener("click", function (event) {
      if (lastPointer === "mouse") return;      // a mouse click on a point is the link's own
      var rect = svg.getBoundingClientRect();
      var scale = rect.width / box.width;
      var x = (event.clientX - rect.left) / scale, y = (event.clientY - rect.top) / scale;
      var nearest = null, nearestDistance = TAP_REACH / scale;
      points.forEach(function (p) {
        var distance = Math.hypot(p.x - x, p.y - y);
        if (distance < nearestDistance) { nearest = p; nearestDistance = distance; }
      });
      if (nearest && nearest === tapped) return;       // a second tap opens the paper
      event.preventDefault();
      if (nearest) { makeCurrent(nearest); show(nearest); tapped = nearest; } else hide();
    });
  }

  function start() {
    document.querySelectorAll("svg.digest-map").forEach(setupMap);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
