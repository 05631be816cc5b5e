<script>
/* tests/visual.sh layout: what a person sees of the report in the frame
 * (its viewport is the frame's width), written into the pre element #layout,
 * one finding a line. */
window.addEventListener('load', function () {
  var d = document.getElementById('f').contentDocument, out = [];
  var vw = d.documentElement.clientWidth;
  out.push('sideways scroll of the page: ' +
      (d.documentElement.scrollWidth > vw ? 'yes' : 'no'));
  /* The detail table: the one with the most header cells. */
  var tables = d.querySelectorAll('table'), t = null, seen = [], hid = [],
      fold = [];
  for (var i = 0; i < tables.length; i++)
    if (!t || tables[i].querySelectorAll('th').length >
        t.querySelectorAll('th').length)
      t = tables[i];
  if (t) {
    var right = vw, p = t.parentElement;
    for (; p && p !== d.body; p = p.parentElement) {
      var s = d.defaultView.getComputedStyle(p);
      if (s.overflowX !== 'visible')
        right = Math.min(right, p.getBoundingClientRect().right);
    }
    var th = t.querySelectorAll('thead th');
    if (th.length === 0) th = t.querySelectorAll('th');
    for (var i = 0; i < th.length; i++) {
      var b = th[i].getBoundingClientRect();
      (b.width === 0 ? fold : b.right <= right + 0.5 ? seen : hid)
          .push(th[i].textContent.trim());
    }
  }
  out.push('columns seen: ' + seen.join(', '));
  /* Not displayed at this width (a phone layout folds them away). */
  out.push('columns folded away: ' + (fold.length ? fold.join(', ') : 'none'));
  out.push('columns off to the right: ' + (hid.length ? hid.join(', ') : 'none'));
  /* Text too small to read: rendered chart labels (SVG scales with the
   * page) and HTML text under 9 px. */
  var small = 0, n = 0, min = 1e9, all = d.querySelectorAll('svg text');
  for (var i = 0; i < all.length; i++) {
    var h = all[i].getBoundingClientRect().height;
    if (!(h > 0)) continue;
    n++;
    if (h < 9) small++;
    if (h < min) min = h;
  }
  out.push('chart labels under 9 px: ' + small + ' of ' + n);
  var tiny = 0, els = d.body.querySelectorAll('*');
  for (var i = 0; i < els.length; i++) {
    var e = els[i];
    if (e.closest('svg') || !e.childNodes.length) continue;
    var own = false;
    for (var k = 0; k < e.childNodes.length; k++)
      own = own || (e.childNodes[k].nodeType === 3 &&
          e.childNodes[k].data.trim() !== '');
    if (own && parseFloat(d.defaultView.getComputedStyle(e).fontSize) < 9)
      tiny++;
  }
  out.push('text elements under 9 px: ' + tiny);
  var pre = document.createElement('pre');
  pre.id = 'layout';
  pre.textContent = out.join('\n') + '\n';
  document.body.appendChild(pre);
});
</script>
