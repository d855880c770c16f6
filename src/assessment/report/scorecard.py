"""The PAR Index scorecard edition: overview, ranking per block, component indices,
year-on-year changes and the annex (the parts take a
:class:`~assessment.progress.par_index.ParIndex`; the per-unit pages are
:mod:`assessment.report.scorecard_units`)."""
from __future__ import annotations

from assessment.i18n import fmt_fixed, fmt_number, is_missing, t
from assessment.report.blocks import bullets, cell, figure, heading, join, table
from assessment.report.charts.par_ranking import par_ranking
from assessment.report.parts import part


def blocks_of(p):
    """``(framework, block, rows)`` for each block with appraised units, in file order."""
    for framework in p.in_force:
        for block in framework.blocks:
            rows = p.block_rows(framework.id, block.code)
            if len(rows):
                yield framework, block, rows


def name(row, lang: str) -> str:
    return cell(row["name_" + lang])


def change(value, lang: str) -> str:
    return "–" if is_missing(value) else fmt_fixed(value, lang, sign=True)


def rank_change(value, lang: str) -> str:
    if is_missing(value):
        return "–"
    value = int(value)
    return t("par.rank_up", lang, n=value) if value > 0 else (
        t("par.rank_down", lang, n=-value) if value < 0 else t("par.rank_same", lang))


def _framework_lines(p, lang: str) -> list[str]:
    out = []
    for f in p.in_force:
        out.append(t("par.framework_line", lang, name=cell(f.text("name", lang)),
                     issuer=cell(f.text("issuer", lang)), basis=cell(f.text("legal_basis", lang)),
                     appraised=fmt_number(f.appraised_max, lang), survey=fmt_number(
                         f.survey.maximum, lang), leaves=len(f.leaves)))
    return out


@part("par_overview")
def overview(p) -> str:
    lang, year = p.lang, p.year
    parts = [heading(1, t("par.overview.heading", lang), "sec-par-overview"),
             t("par.overview.intro", lang, year=year)]
    if p.illustrative:
        parts.append(t("par.overview.illustrative", lang))
    parts.append(bullets(_framework_lines(p, lang)))
    parts.append(t("par.overview.method", lang))
    summary = []
    for framework, block, rows in blocks_of(p):
        counts = rows["band"].value_counts()
        bands = "; ".join(f"{b.name(lang)} {int(counts.get(b.code, 0))}" for b in block.bands)
        top, bottom = rows.iloc[0], rows.iloc[-1]
        summary.append(t("par.overview.block", lang, block=cell(block.name(lang)), n=len(rows),
                         bands=bands, top=name(top, lang), top_index=fmt_fixed(top["index"], lang),
                         bottom=name(bottom, lang),
                         bottom_index=fmt_fixed(bottom["index"], lang),
                         mean=fmt_fixed(rows["index"].mean(), lang)))
    parts.append(bullets(summary))
    pending, missing = p.not_appraised(), p.missing()
    if len(pending):
        parts.append(t("par.overview.pending", lang, count=len(pending),
                       units=", ".join(cell(n) for n in pending["name_" + lang])))
    if missing:
        parts.append(t("par.overview.missing", lang, count=len(missing),
                       units=", ".join(cell(p.units.name(u, lang)) for u in missing)))
    parts.append(heading(2, t("par.overview.plan_heading", lang), unnumbered=True))
    parts.append(t("par.overview.plan_target", lang))
    if p.context is not None:
        parts.append(t("par.overview.province", lang, year=p.context["year"],
                       value=fmt_fixed(p.context["value"], lang),
                       rank=p.context["rank"], of=p.context["of"]))
    else:
        parts.append(t("par.overview.province_none", lang, year=year))
    return join(*parts)


@part("par_ranking", draws=True)
def ranking(p, figs) -> str:
    lang = p.lang
    parts = [heading(1, t("par.ranking.heading", lang), "sec-par-ranking"),
             t("par.ranking.intro", lang)]
    for k, (framework, block, rows) in enumerate(blocks_of(p), 1):
        order = {b.code: i for i, b in enumerate(block.bands)}
        words = {b.code: b.name(lang) for b in block.bands}
        path, rel = figs.path(f"par-ranking-{block.code}")
        par_ranking([r["name_" + lang] for _, r in rows.iterrows()], rows["index"].tolist(),
                    [order[b] for b in rows["band"]], [words[b] for b in rows["band"]],
                    [(b.minimum, b.name(lang)) for b in block.bands if b.minimum > 0],
                    lang, path)
        table_rows = [(fmt_number(r["rank"], lang, 0), name(r, lang),
                       fmt_fixed(r["appraised_points"] + (r["adjustment_points"] or 0), lang),
                       fmt_fixed(r["survey_points"], lang), fmt_fixed(r["index"], lang),
                       words[r["band"]], change(r["delta_index"], lang))
                      for _, r in rows.iterrows()]
        parts += [heading(2, cell(block.name(lang)), f"sec-par-block-{block.code}"),
                  t("par.ranking.cutoffs", lang, bands="; ".join(
                      f"{b.name(lang)} ≥ {fmt_number(b.minimum, lang)}" for b in block.bands)),
                  figure(rel, caption=t("par.ranking.figure", lang, block=cell(block.name(lang)),
                                        year=p.year),
                         alt=t("par.ranking.alt", lang, items="; ".join(
                             f"{r['name_' + lang]} {fmt_fixed(r['index'], lang)}"
                             for _, r in rows.iterrows())),
                         ident=f"figure-par-ranking-{block.code}"),
                  table([t(f"par.col.{c}", lang) for c in
                         ("rank", "unit", "appraised", "survey", "index", "band", "change")],
                        table_rows, caption=t("par.ranking.table", lang,
                                              block=cell(block.name(lang)), year=p.year),
                        ident=f"table-par-ranking-{block.code}", align="rlrrrlr",
                        widths=[3, 14, 6, 6, 5, 6, 5])]
    return join(*parts)


@part("par_components")
def components(p) -> str:
    lang = p.lang
    parts = [heading(1, t("par.components.heading", lang), "sec-par-components"),
             t("par.components.intro", lang)]
    comps = p.components
    for framework, block, rows in blocks_of(p):
        areas = [a for a in framework.areas if not framework.nodes[a].adjustment] + ["survey"]
        label = {a: (t("par.components.survey_short", lang) if a == "survey" else a)
                 for a in areas}
        mine = comps[comps["unit"].isin(rows["unit"])].pivot(index="unit", columns="area",
                                                             values="index")
        body = [(name(r, lang), *(fmt_number(mine.at[r["unit"], a], lang, 1)
                                  if a in mine.columns else "–" for a in areas))
                for _, r in rows.iterrows()]
        body.append((f"**{t('par.components.mean', lang)}**",
                     *(f"**{fmt_number(mine[a].mean(), lang, 1)}**" for a in areas)))
        legend = bullets([f"{a}: {cell(framework.nodes[a].name(lang))} "
                          f"({fmt_number(framework.nodes[a].maximum, lang)} "
                          f"{t('par.points', lang)})" for a in areas if a != "survey"]
                         + [f"{label['survey']}: {t('par.components.survey', lang)} "
                            f"({fmt_number(framework.survey.maximum, lang)} "
                            f"{t('par.points', lang)})"])
        parts += [heading(2, cell(block.name(lang)), f"sec-par-components-{block.code}"),
                  legend,
                  table([t("par.col.unit", lang), *(label[a] for a in areas)], body,
                        caption=t("par.components.table", lang, block=cell(block.name(lang)),
                                  year=p.year),
                        ident=f"table-par-components-{block.code}",
                        align="l" + "r" * len(areas), widths=[12] + [3] * len(areas))]
    return join(*parts)


@part("par_changes")
def changes(p) -> str:
    lang = p.lang
    parts = [heading(1, t("par.changes.heading", lang, year=p.year - 1), "sec-par-changes")]
    if p.results["prev_index"].isna().all():
        return join(*parts, t("par.changes.none", lang, year=p.year - 1))
    parts.append(t("par.changes.intro", lang, year=p.year - 1))
    notes = []
    for framework, block, rows in blocks_of(p):
        body = [(name(r, lang), fmt_fixed(r["prev_index"], lang), fmt_fixed(r["index"], lang),
                 change(r["delta_index"], lang),
                 "–" if is_missing(r["prev_rank"]) else fmt_number(r["prev_rank"], lang, 0),
                 fmt_number(r["rank"], lang, 0), rank_change(r["delta_rank"], lang))
                for _, r in rows.iterrows()]
        for _, r in rows.iterrows():
            if r["history"]:
                notes.append(t("par.changes.merged", lang, unit=name(r, lang), units=", ".join(
                    cell(p.units.name(u, lang)) for u in r["history"].split(","))))
        parts += [heading(2, cell(block.name(lang)), f"sec-par-changes-{block.code}"),
                  table([t(f"par.col.{c}", lang, year=p.year - 1) for c in
                         ("unit", "prev_index", "index", "change", "prev_rank", "rank",
                          "rank_change")], body,
                        caption=t("par.changes.table", lang, block=cell(block.name(lang)),
                                  year=p.year),
                        ident=f"table-par-changes-{block.code}", align="lrrrrrl",
                        widths=[12, 5, 5, 5, 4, 4, 6])]
        if framework.replaces:
            parts.append(t("par.changes.framework", lang, name=cell(framework.text("name", lang)),
                           old=cell(p.frameworks.get(framework.replaces).text("name", lang))
                           if p.frameworks.get(framework.replaces) else framework.replaces))
    if notes:
        parts.append(bullets(notes))
    return join(*parts)


@part("par_annex")
def annex(p) -> str:
    lang = p.lang
    parts = [heading(1, t("par.annex.heading", lang, year=p.year), "sec-par-annex",
                     appendix=True),
             t("par.annex.intro", lang, year=p.year)]
    for framework, block, rows in blocks_of(p):
        words = {b.code: b.name(lang) for b in block.bands}
        body = [(str(i), name(r, lang), fmt_fixed(r["index"], lang), words[r["band"]])
                for i, (_, r) in enumerate(rows.iterrows(), 1)]
        parts.append(table([t(f"par.annex.col_{c}", lang) for c in ("stt", "unit", "points",
                                                                    "band")], body,
                           caption=cell(block.name(lang)), ident=f"table-par-annex-{block.code}",
                           align="clrl", widths=[2, 14, 4, 5]))
    parts.append(heading(1, t("par.criteria.heading", lang), "sec-par-criteria", appendix=True))
    for framework in p.in_force:
        body = [(n.code if n.parent else f"**{n.code}**",
                 cell(n.name(lang)) if n.parent else f"**{cell(n.name(lang))}**",
                 fmt_number(n.maximum, lang, 2) if not n.adjustment else "±",
                 cell(n.rule.describe(lang)) if n.rule else "",
                 t("par.criteria.na", lang) if n.may_be_na else "")
                for n in framework.nodes.values()]
        parts.append(table([t(f"par.criteria.col_{c}", lang) for c in
                            ("code", "name", "max", "rule", "na")], body,
                           caption=cell(framework.text("name", lang)),
                           ident=f"table-par-criteria-{framework.id}", align="llrll",
                           widths=[3, 16, 3, 6, 4]))
    return join(*parts)
