/* Labels for a vis-network drawing at a fixed screen size, most important first, none overlapping:
   zooming in makes room for more. Used by the explore page and inlined into the HTML export
   (sotegraph.network.exports). Labels are drawn as canvas text, never parsed as markup.

   window.sotegraphLabels.draw(network, ctx, order, first) draws the labels of the node ids in `first`
   (always) and then of `order` (while they fit) and returns what it drew: [{id, text, x, y}] in screen
   pixels. A node's text is its `name` option (vis-network itself draws no label). */
(function () {
  "use strict";

  var FONT = "13px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var HEIGHT = 16;
  var MAX_LABELS = 250;
  var MAX_CHARACTERS = 48;
  var widths = {};

  /* At most `limit` characters; a trailing "(…)" (a community's size) is kept whole. */
  function shorten(text, limit) {
    if (text.length <= limit) { return text; }
    var open = text.lastIndexOf(" (");
    var tail = open > 0 && text.charAt(text.length - 1) === ")" ? text.slice(open) : "";
    return text.slice(0, limit - tail.length - 1).trim() + "…" + tail;
  }

  /* A node's radius on screen, in CSS pixels. */
  function screenRadius(network, id) {
    var body = network.body.nodes[id];
    var radius = body && body.shape && (body.shape.radius || body.shape.width / 2);
    return (radius || 8) * network.getScale();
  }

  function draw(network, ctx, order, first) {
    var frame = network.body.container.getBoundingClientRect();
    var seen = {};
    var taken = [];
    var placed = [];
    ctx.save();
    var ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = FONT;
    ctx.textBaseline = "top";
    ctx.textAlign = "center";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    var candidates = first.concat(order);
    for (var i = 0; i < candidates.length && placed.length < MAX_LABELS; i++) {
      var id = candidates[i];
      var body = network.body.nodes[id];
      if (seen[id] || !body) { continue; }
      seen[id] = true;
      var point = network.canvasToDOM({x: body.x, y: body.y});
      if (point.x < -50 || point.y < -20 || point.x > frame.width + 50 || point.y > frame.height + 20) { continue; }
      var text = shorten(String(body.options.name || ""), MAX_CHARACTERS);
      if (widths[text] === undefined) { widths[text] = ctx.measureText(text).width; }
      var box = {x: point.x - widths[text] / 2 - 2, y: point.y + screenRadius(network, id) + 2, w: widths[text] + 4, h: HEIGHT};
      var clash = taken.some(function (other) {
        return box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h;
      });
      if (clash && i >= first.length) { continue; }
      taken.push(box);
      placed.push({id: id, text: text, x: point.x, y: box.y + 1});
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(text, point.x, box.y + 1);
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(text, point.x, box.y + 1);
    }
    ctx.restore();
    return placed;
  }

  window.sotegraphLabels = {draw: draw, screenRadius: screenRadius, shorten: shorten};
}());
