/*
 * The map: every paper of the digest drawn on a canvas from map/points.bin (x and y as 16-bit
 * integers, then the first topic as a byte: generator/render/map_data.py), titles fetched from
 * map/papers-K.json only for the points a reader looks at.
 *
 * - The canvas is one tab stop; the arrow keys move to the nearest paper in their direction,
 *   Home and End to the oldest and newest; Enter opens the paper, Escape hides its card. The
 *   paper's title is shown in a card and said by a live region.
 * - A mouse shows the nearest paper's card; a click opens it. On a touch screen a tap selects
 *   the nearest paper within a finger's width; tapping it again, or its card, opens it.
 * - ?topic=SLUG (the topic pages' "See them on the map", the legend's "show") picks out that
 *   topic's papers: the others are faded.
 * - Topic labels sit at each topic's densest spot (given by the page) and never overlap: where
 *   a label would cover another, the smaller topic's label is moved beside it or left out (the
 *   legend names every topic).
 */
(function () {
  "use strict";

  var HOVER_REACH = 12;      // CSS px around the mouse in which the nearest paper is shown
  var TAP_REACH = 28;        // ... around a tap (points are small on a phone)

  function setupMap(frame) {
    var canvas = frame.querySelector("canvas");
    var count = +frame.dataset.count;
    var chunk = +frame.dataset.chunk;
    var topics = JSON.parse(frame.dataset.topics);
    if (!count || !canvas.getContext) return;
    var status = frame.querySelector(".digest-map__status");
    var chosen = new URLSearchParams(window.location.search).get("topic");
    var chosenIndex = topics.findIndex(function (t) { return t.slug === chosen; });
    var xs, ys, ts;                // positions in [0, 1] and topic indexes, in points.bin order
    var px, py;                    // positions in CSS px on the canvas as drawn
    var titleChunks = {};          // chunk index -> Promise of [[id, title], ...]
    var current = -1, tapped = -1;

    var card = document.createElement("a");
    card.className = "digest-map__card";
    card.tabIndex = -1;                          // the canvas is the tab stop
    card.setAttribute("aria-hidden", "true");   // the live region says the title
    card.hidden = true;
    var ring = document.createElement("span");
    ring.className = "digest-map__ring";
    ring.hidden = true;
    frame.appendChild(ring);
    frame.appendChild(card);
    var labels = topics.map(function (t) {
      var label = document.createElement("span");
      label.className = "digest-map__label";
      label.setAttribute("aria-hidden", "true");   // the legend below names the topics
      label.textContent = t.name;
      label.hidden = true;
      frame.appendChild(label);
      return label;
    });
    markLegend();

    fetch(new URL("points.bin", window.location.href)).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      xs = new Uint16Array(buffer, 0, count);
      ys = new Uint16Array(buffer, 2 * count, count);
      ts = new Uint8Array(buffer, 4 * count, count);
      draw();
      if ("ResizeObserver" in window) new ResizeObserver(draw).observe(frame);
      else window.addEventListener("resize", draw);
    }).catch(function () {
      status.textContent = "The map could not be loaded. The topics below list the same papers.";
      status.style.position = "static";
    });

    function markLegend() {
      document.querySelectorAll(".digest-legend li").forEach(function (item) {
        var show = item.querySelector("[data-topic]");
        if (show && show.dataset.topic === chosen) {
          item.setAttribute("aria-current", "true");
          show.textContent = "show all";
          show.setAttribute("href", "?");
          show.setAttribute("aria-label", "Show every topic on the map");
        }
      });
    }

    function draw() {
      var width = frame.clientWidth;
      if (!width) return;
      var height = Math.round(width < 600 ? width : width * 2 / 3);
      var ratio = window.devicePixelRatio || 1;
      canvas.style.height = height + "px";
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      var pad = 12, side = Math.min(width, height) - 2 * pad;
      var left = (width - side) / 2, top = (height - side) / 2;
      px = new Float32Array(count);
      py = new Float32Array(count);
      for (var i = 0; i < count; i++) {
        px[i] = left + xs[i] / 65535 * side;
        py[i] = top + (1 - ys[i] / 65535) * side;
      }
      var context = canvas.getContext("2d");
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, width, height);
      // smaller points as the map fills, so that clusters show as density, not as one blot
      var radius = Math.max(1, Math.min(4, 0.2 * Math.sqrt(side * side / count)));
      for (var pass = 0; pass < 2; pass++) {          // faded papers first, the chosen topic's on top
        topics.forEach(function (topic, index) {
          var faded = chosenIndex >= 0 && index !== chosenIndex;
          if (faded !== (pass === 0)) return;
          context.fillStyle = topic.colour;
          context.globalAlpha = faded ? 0.15 : 0.85;
          context.beginPath();
          for (var i = 0; i < count; i++) {
            if (ts[i] !== index) continue;
            context.moveTo(px[i] + radius, py[i]);
            context.arc(px[i], py[i], radius, 0, 2 * Math.PI);
          }
          context.fill();
        });
      }
      context.globalAlpha = 1;
      placeLabels(left, top, side, width, height);
      // focused before the points had loaded (a quick Tab on a slow line): start there now
      if (current < 0 && document.activeElement === canvas) current = startingPoint();
      if (current >= 0) show(current);
    }

    /* Largest topics first, at most one per 70 px of width (so that a phone's map is not all
       labels); a label that would overlap one already placed tries the spots around its anchor,
       and is left out when none is free. With a topic chosen, only its label is shown. */
    function placeLabels(left, top, side, width, height) {
      var order = topics.map(function (t, i) { return i; }).filter(function (i) {
        return topics[i].label && (chosenIndex < 0 || i === chosenIndex);
      });
      order.sort(function (a, b) { return topics[b].count - topics[a].count; });
      order = order.slice(0, Math.max(3, Math.floor(width / 70)));
      var placed = [];
      labels.forEach(function (label) { label.hidden = true; });
      order.forEach(function (i) {
        var label = labels[i];
        label.hidden = false;
        var w = label.offsetWidth, h = label.offsetHeight;
        var x0 = left + topics[i].label[0] * side, y0 = top + (1 - topics[i].label[1]) * side;
        var spots = [[0, 0], [0, -h], [0, h], [0, -2 * h], [0, 2 * h], [w / 2, 0], [-w / 2, 0]];
        for (var s = 0; s < spots.length; s++) {
          var x = Math.max(w / 2 + 2, Math.min(width - w / 2 - 2, x0 + spots[s][0]));
          var y = Math.max(h / 2 + 2, Math.min(height - h / 2 - 2, y0 + spots[s][1]));
          var box = [x - w / 2 - 2, y - h / 2 - 1, x + w / 2 + 2, y + h / 2 + 1];
          var free = placed.every(function (b) {
            return box[2] <= b[0] || b[2] <= box[0] || box[3] <= b[1] || b[3] <= box[1];
          });
          if (free) {
            label.style.left = x + "px";
            label.style.top = y + "px";
            placed.push(box);
            return;
          }
        }
        label.hidden = true;
      });
    }

    function titleOf(index) {
      var k = Math.floor(index / chunk);
      if (!titleChunks[k]) {
        titleChunks[k] = fetch(new URL("papers-" + k + ".json", window.location.href)).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        });
        titleChunks[k].catch(function () { delete titleChunks[k]; });
      }
      return titleChunks[k].then(function (rows) { return rows[index - k * chunk]; });
    }

    function paperHref(row) {
      // A digest in parts: a row's third field is the folder of the paper's page below the root.
      var folder = row.length > 2 ? row[2] : "";
      return new URL("../" + folder + "papers/" + encodeURIComponent(row[0]) + "/", window.location.href).href;
    }

    function show(index) {
      current = index;
      ring.style.left = px[index] + "px";
      ring.style.top = py[index] + "px";
      ring.hidden = false;
      titleOf(index).then(function (row) {
        if (current !== index) return;
        card.textContent = row[1];
        card.href = paperHref(row);
        card.dataset.paper = row[0];
        card.hidden = false;
        var width = card.offsetWidth;
        card.style.left = Math.max(4, Math.min(px[index] - width / 2, frame.clientWidth - width - 4)) + "px";
        var above = py[index] - card.offsetHeight - 14;           // above the point, or below near the top
        card.style.top = (above >= 0 ? above : py[index] + 14) + "px";
        if (document.activeElement === canvas) status.textContent = row[1];
      });
    }

    function hide() {
      current = tapped = -1;
      ring.hidden = card.hidden = true;
    }

    function open(index) {
      titleOf(index).then(function (row) { window.location.href = paperHref(row); });
    }

    function nearest(x, y, reach) {
      var best = -1, bestDistance = reach * reach;
      for (var i = 0; i < count; i++) {
        var dx = px[i] - x, dy = py[i] - y, d = dx * dx + dy * dy;
        if (d < bestDistance) { best = i; bestDistance = d; }
      }
      return best;
    }

    /* The nearest paper in the arrow's direction: distance along it plus twice the distance
       across it, so a paper straight ahead wins over a closer one off to the side. */
    function next(from, dx, dy) {
      var best = -1, bestScore = Infinity;
      for (var i = 0; i < count; i++) {
        var along = (px[i] - px[from]) * dx + (py[i] - py[from]) * dy;
        if (i === from || along <= 0) continue;
        var score = along + 2 * Math.abs((px[i] - px[from]) * dy - (py[i] - py[from]) * dx);
        if (score < bestScore) { best = i; bestScore = score; }
      }
      return best;
    }

    function startingPoint() {
      // the chosen topic's newest paper, else the newest paper: where a returning reader looks
      for (var i = count - 1; i >= 0; i--) if (chosenIndex < 0 || ts[i] === chosenIndex) return i;
      return count - 1;
    }

    var ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    canvas.addEventListener("keydown", function (event) {
      if (!px) return;
      var target = -1;
      if (ARROWS[event.key]) {
        target = current < 0 ? startingPoint() : next(current, ARROWS[event.key][0], ARROWS[event.key][1]);
      } else if (event.key === "Home") target = 0;
      else if (event.key === "End") target = count - 1;
      else if (event.key === "Enter" && current >= 0) { open(current); return; }
      else if (event.key === "Escape") { hide(); return; }
      else return;
      event.preventDefault();               // arrows move on the map, not the page
      if (target >= 0) show(target);
    });
    canvas.addEventListener("focus", function () {
      if (px && current < 0) show(startingPoint());
    });
    canvas.addEventListener("blur", function (event) {
      if (event.relatedTarget !== card) hide();
    });

    var lastPointer = "mouse";
    canvas.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; });
    canvas.addEventListener("pointermove", function (event) {
      if (event.pointerType !== "mouse" || !px) return;
      var rect = canvas.getBoundingClientRect();
      var found = nearest(event.clientX - rect.left, event.clientY - rect.top, HOVER_REACH);
      if (found >= 0 && found !== current) show(found);
      canvas.style.cursor = found >= 0 ? "pointer" : "";
    });
    canvas.addEventListener("click", function (event) {
      if (!px) return;
      var rect = canvas.getBoundingClientRect();
      var reach = lastPointer === "mouse" ? HOVER_REACH : TAP_REACH;
      var found = nearest(event.clientX - rect.left, event.clientY - rect.top, reach);
      if (found < 0) { hide(); return; }
      if (lastPointer === "mouse" || found === tapped) { open(found); return; }
      tapped = found;
      show(found);
    });
  }

  function start() {
    document.querySelectorAll(".digest-map[data-topics]").forEach(setupMap);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
