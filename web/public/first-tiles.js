// Starts the cell layer's first request while the app bundle loads: it is on the path to the
// first coloured map. main.ts uses the answer only if it matches the state it parses (the default
// type here mirrors DEFAULT_STATE in src/state.ts; a mismatch only costs the head start). A file,
// not an inline script: the Content-Security-Policy allows scripts from this origin only.
;(function () {
  var p = new URLSearchParams(location.search)
  var q = new URLSearchParams({ type: p.get('type') || 'kindergarten', value: p.get('layer') || 'minutes' })
  ;['mode', 'minutes', 'scenario'].forEach(function (k) {
    if (p.get(k)) q.set(k, p.get(k))
  })
  var token = null
  try {
    token = sessionStorage.getItem('circle15.token')
  } catch (e) {}
  window.__circle15FirstTiles = fetch('/api/tiles/cells.json?' + q, { headers: token ? { authorization: 'Bearer ' + token } : {} })
    .then(function (r) { return r.ok ? r.json() : null })
    .catch(function () { return null })
})()
