import type { ClusterAnalysisResponse } from '../api'
import type { App } from '../context'
import { h } from '../dom'
import { fmtInt, fmtNum, fmtPct, name, t } from '../i18n'

type Cluster = ClusterAnalysisResponse['clusters'][number]
type Member = Cluster['members'][number]
type Tier = Cluster['tiers'][number]

const tierName = (app: App, a: ClusterAnalysisResponse, code: string) => {
  const tier = a.tiers.find((x) => x.code === code)
  return tier ? name(tier.name) : code
}
const typeName = (app: App, code: string) => {
  const ty = app.catalogue.type(code)
  return ty ? name(ty.name) : code
}
/** ✓ when the tier is met (share ≥ the plan's metShare), ✗ otherwise, with the share. */
const mark = (share: number, met: number) => h('span', { class: share >= met ? 'ok' : 'bad' }, `${share >= met ? '✓' : '✗'} ${fmtPct(share, 0)}`)

/** One card per cluster: hub, population, tiers met inside / anywhere, hub facilities, sites needed. */
export function clusterCard(app: App, a: ClusterAnalysisResponse, c: Cluster, colour: string, selected: boolean, onSelect: () => void): HTMLElement {
  const over = c.hubFacilities.filter((f) => f.flag === 'over').length
  const under = c.hubFacilities.filter((f) => f.flag === 'under').length
  const sites = c.sitesNeeded.reduce((s, x) => s + x.sites, 0)
  return h('div', { class: `cluster-card${selected ? ' selected' : ''}`, 'data-code': c.code, tabindex: 0, onclick: onSelect, onkeydown: (e: KeyboardEvent) => { if (e.key === 'Enter') onSelect() } },
    h('div', { class: 'cluster-card-head' }, h('span', { class: 'swatch', style: `background:${colour}` }), h('strong', null, c.name), h('span', { class: 'muted small' }, ` ${c.code}`)),
    h('div', { class: 'small' }, t('clusters.hub'), ' ', h('strong', null, c.hub.name), ' · ', t('clusters.population', { n: fmtInt(c.population) }), ' · ', t('clusters.villages', { n: c.members.length })),
    h('table', { class: 'tier-table' },
      h('tr', null, h('th', null, ''), h('th', null, t('clusters.inside')), h('th', null, t('clusters.anywhere'))),
      c.tiers.map((tier) => h('tr', null, h('td', null, tierName(app, a, tier.tier)), h('td', null, mark(tier.inside, a.metShare)), h('td', null, mark(tier.anywhere, a.metShare))))),
    h('div', { class: 'small' },
      t('clusters.hubFacilities', { n: c.hubFacilities.length }),
      over ? h('span', { class: 'bad' }, ` ${t('clusters.overUsed', { n: over })}`) : '',
      under ? h('span', { class: 'muted' }, ` ${t('clusters.underUsed', { n: under })}`) : '',
      ' · ', t('clusters.sitesNeeded', { n: sites }),
      c.mobileCandidates.length ? h('span', { class: 'bad' }, ` · ${t('clusters.mobileCount', { n: c.mobileCandidates.length })}`) : ''))
}

/**
 * The plan against the status quo (one cluster per township) and, when picked, another plan:
 * shares meeting each tier, minutes to the hub, sites needed.
 */
export function comparisonTable(a: ClusterAnalysisResponse, other: ClusterAnalysisResponse | null): HTMLElement {
  const { plan, statusQuo } = a.comparison
  const cols = [plan, statusQuo, ...(other ? [other.comparison.plan] : [])]
  const row = (label: string, f: (x: typeof plan) => string) => h('tr', null, h('td', null, label), cols.map((x) => h('td', null, f(x))))
  return h('table', { class: 'compare-table', id: 'cluster-compare' },
    h('tr', null, h('th', null, ''), h('th', null, t('clusters.thisPlan', { n: plan.clusters })), h('th', null, t('clusters.statusQuo', { n: statusQuo.clusters })),
      other ? h('th', { id: 'compare-other' }, t('clusters.otherPlan', { name: other.plan.name, n: other.comparison.plan.clusters })) : ''),
    a.tiers.map((tier) => row(t('clusters.shareMeeting', { tier: name(tier.name) }), (x) => {
      const v = x.tiers.find((y) => y.tier === tier.code)!
      return `${fmtPct(v.inside)} / ${fmtPct(v.anywhere)}`
    })),
    row(t('clusters.meanMinutes'), (x) => fmtNum(x.meanMinutesToHub)),
    row(t('clusters.p90Minutes'), (x) => fmtNum(x.p90MinutesToHub)),
    row(t('clusters.sitesToComplete'), (x) => fmtInt(x.sitesNeeded)),
    h('tr', null, h('td', { colspan: cols.length + 1, class: 'muted small' }, t('clusters.compareNote'))))
}

/** What a move changed: the plan's figures and the two clusters, before → after. */
export function changeTable(before: ClusterAnalysisResponse, after: ClusterAnalysisResponse, member: string, to: string): HTMLElement {
  const moved = before.clusters.flatMap((c) => c.members).find((m) => m.code === member)
  const from = before.clusters.find((c) => c.members.some((m) => m.code === member))
  const row = (label: string, b: string, x: string) => h('tr', null, h('td', null, label), h('td', null, b), h('td', null, '→'), h('td', null, h('strong', null, x)))
  const cluster = (code: string | undefined) => [before.clusters.find((c) => c.code === code), after.clusters.find((c) => c.code === code)] as const
  return h('div', { class: 'cluster-change', id: 'cluster-change' },
    h('h3', null, from?.code === to
      ? t('clusters.hubChanged', { village: moved?.name ?? member, cluster: from.name })
      : t('clusters.changed', { village: moved?.name ?? member, from: from?.name ?? '—', to: after.clusters.find((c) => c.code === to)?.name ?? to })),
    h('table', { class: 'compare-table' },
      before.tiers.map((tier) => {
        const b = before.comparison.plan.tiers.find((x) => x.tier === tier.code)!
        const x = after.comparison.plan.tiers.find((y) => y.tier === tier.code)!
        return row(t('clusters.shareMeetingInside', { tier: name(tier.name) }), fmtPct(b.inside), fmtPct(x.inside))
      }),
      row(t('clusters.meanMinutes'), fmtNum(before.comparison.plan.meanMinutesToHub), fmtNum(after.comparison.plan.meanMinutesToHub)),
      row(t('clusters.p90Minutes'), fmtNum(before.comparison.plan.p90MinutesToHub), fmtNum(after.comparison.plan.p90MinutesToHub)),
      row(t('clusters.sitesToComplete'), fmtInt(before.comparison.plan.sitesNeeded), fmtInt(after.comparison.plan.sitesNeeded)),
      [...new Set([from?.code, to])].flatMap((code) => {
        const [b, x] = cluster(code)
        return b && x ? [row(t('clusters.clusterPopulation', { name: x.name }), fmtInt(b.population), fmtInt(x.population))] : []
      })))
}

/** The villages of a cluster (or, with none selected, every village lacking a tier), what each lacks, and a move control. */
export function villageTable(app: App, a: ClusterAnalysisResponse, selected: Cluster | null, move: (member: string, to: string) => void, makeHub: (cluster: string, member: string) => void): HTMLElement {
  const rows: { c: Cluster; m: Member }[] = []
  for (const c of selected ? [selected] : a.clusters) for (const m of c.members) if (selected || m.tiers.some((x) => x.inside < a.metShare)) rows.push({ c, m })
  const shown = rows.slice(0, 200)
  const lacks = (x: Tier) => x.missingInside.map((ty) => typeName(app, ty)).join(t('clusters.listSep'))
  return h('div', { class: 'village-table-wrap' },
    h('ul', { class: 'village-table', id: 'village-table' },
      shown.map(({ c, m }) => {
        const select = h('select', { class: 'move-select', 'data-member': m.code, 'aria-label': t('clusters.moveTo') },
          h('option', { value: '' }, t('clusters.moveTo')),
          a.clusters.filter((x) => x.code !== c.code).map((x) => h('option', { value: x.code }, x.name)))
        select.addEventListener('change', () => { if (select.value) move(m.code, select.value) })
        const isHub = c.hub.kind === 'unit' && c.hub.code === m.code
        return h('li', { class: 'village-row', 'data-code': m.code },
          h('div', null, h('strong', null, m.name), isHub ? h('span', { class: 'hub-tag' }, t('clusters.hubTag')) : '',
            h('span', { class: 'muted small' }, ` ${selected ? '' : `${c.name} · `}${t('clusters.population', { n: fmtInt(m.population) })} · ${t('clusters.minutesToHubValue', { m: fmtNum(m.minutesToHub) })}`)),
          h('div', { class: 'small tier-marks' }, m.tiers.map((x) => h('span', null, `${tierName(app, a, x.tier)} `, mark(x.inside, a.metShare)))),
          h('div', { class: 'lacks small' }, `${t('clusters.lacks')}: ${m.tiers.map(lacks).filter(Boolean).join(t('clusters.itemSep')) || t('clusters.nothing')}`),
          isHub ? '' : h('div', { class: 'village-actions' }, select, h('button', { class: 'link small make-hub', 'data-member': m.code, onclick: () => makeHub(c.code, m.code) }, t('clusters.makeHub'))))
      })),
    rows.length > shown.length ? h('p', { class: 'muted small' }, t('clusters.moreRows', { n: rows.length - shown.length })) : '')
}

/** Villages beyond every hub's reach: the visiting services they need and each cluster's weekly round. */
export function mobileList(app: App, a: ClusterAnalysisResponse): HTMLElement {
  const withCandidates = a.clusters.filter((c) => c.mobileCandidates.length)
  if (!withCandidates.length) return h('p', { class: 'muted', id: 'mobile-list' }, t('clusters.noMobile', { m: a.reachMinutes }))
  return h('div', { id: 'mobile-list' },
    h('p', { class: 'hint' }, t('clusters.mobileIntro', { m: a.reachMinutes })),
    h('ul', { class: 'mobile-list' }, withCandidates.map((c) => h('li', null,
      h('strong', null, c.name), ' — ',
      c.mobileCandidates.map((m) => t('clusters.mobileItem', { name: m.name, n: fmtInt(m.population), min: fmtNum(m.minutesToNearestHub), services: m.services.map((s) => name(s)).join(t('clusters.listSep')) })).join(t('clusters.itemSep')),
      c.visitRoute ? h('div', { class: 'muted small' }, t('clusters.route', {
        order: [c.hub.name, ...c.visitRoute.order.map((code) => c.mobileCandidates.find((m) => m.code === code)?.name ?? code), c.hub.name].join(' → '),
        min: fmtNum(c.visitRoute.minutes),
      })) : ''))))
}
