"""One page per unit of the PAR Index scorecard: its areas against its block, the criteria
it lost most points on, the gap between the points it claimed and those granted, its survey."""
from __future__ import annotations

from assessment.i18n import fmt_fixed, fmt_number, is_missing, t
from assessment.report.blocks import bullets, cell, heading, join, table
from assessment.report.parts import part
from assessment.report.scorecard import blocks_of, change, name, rank_change

PAGE_BREAK = "```{=typst}\n#pagebreak(weak: true)\n```"


def _areas(p, framework, unit: str, block_units) -> str:
    comps = p.components
    mine = comps[comps["unit"] == unit].set_index("area")
    peers = comps[comps["unit"].isin(block_units)]
    lang = p.lang
    body = []
    for area in [*framework.areas, "survey"]:
        if area not in mine.index:
            continue
        row = mine.loc[area]
        mean = peers[peers["area"] == area]["index"].mean()
        label = (t("par.components.survey", lang) if area == "survey"
                 else f"{area}. {cell(framework.nodes[area].name(lang))}")
        top = "±" if is_missing(row["max_points"]) else fmt_number(row["max_points"], lang, 2)
        body.append((label, top, fmt_number(row["points"], lang, 2),
                     fmt_number(row["index"], lang, 1), fmt_number(mean, lang, 1)))
    return table([t(f"par.unit.col_{c}", lang) for c in ("area", "max", "points", "index",
                                                         "block")], body,
                 caption=t("par.unit.areas_caption", lang, unit=cell(p.units.name(unit, lang))),
                 ident=f"table-par-unit-{unit}", align="lrrrr", widths=[16, 4, 4, 4, 4])


def _losses(p, framework, unit: str) -> str:
    lang = p.lang
    rows = p.losses[p.losses["unit"] == unit]
    if rows.empty:
        return t("par.unit.no_losses", lang)
    items = []
    for _, r in rows.iterrows():
        node = framework.nodes[r["criterion"]]
        note = f" — {cell(r['note'])}" if r["note"] else ""
        items.append(t("par.unit.loss", lang, code=r["criterion"], name=cell(node.name(lang)),
                       lost=fmt_number(r["lost"], lang, 2),
                       max=fmt_number(r["max_points"], lang, 2)) + note)
    return join(t("par.unit.losses", lang), bullets(items))


def _gap(p, unit: str, row) -> str:
    lang = p.lang
    scores = p.inputs.scores
    mine = scores[(scores["unit"] == unit) & ~scores["na"].astype(bool)]
    claimed = mine["self"].astype(float).sum()
    granted = mine["appraised"].astype(float).sum()
    changed = int(((mine["self"].astype(float) - mine["appraised"].astype(float)).abs()
                   > 0.005).sum())
    na = int(scores[(scores["unit"] == unit)]["na"].astype(bool).sum())
    return t("par.unit.gap", lang, claimed=fmt_number(claimed, lang, 2),
             granted=fmt_number(granted, lang, 2),
             gap=fmt_fixed(claimed - granted, lang), changed=changed, na=na)


def _survey(p, framework, unit: str) -> str:
    lang = p.lang
    rows = p.inputs.survey[p.inputs.survey["unit"] == unit]
    if rows.empty:
        return t("par.unit.no_survey", lang, rule=t(f"par.missing.{framework.survey.missing}",
                                                    lang))
    items = []
    for _, r in rows.iterrows():
        group = framework.survey.group(r["group"])
        forms = "" if is_missing(r["respondents"]) else t(
            "par.unit.forms", lang, n=fmt_number(r["respondents"], lang, 0))
        items.append(f"{cell(group.name(lang))} ({fmt_number(group.weight * 100, lang, 0)}%): "
                     f"{fmt_number(r['score'], lang, 1)}{forms}")
    return join(t("par.unit.survey", lang), bullets(items))


@part("par_units")
def units(p) -> str:
    lang = p.lang
    parts = [heading(1, t("par.unit.heading", lang), "sec-par-units"),
             t("par.unit.intro", lang)]
    for framework, block, rows in blocks_of(p):
        for _, r in rows.iterrows():
            words = {b.code: b.name(lang) for b in block.bands}
            facts = t("par.unit.facts", lang, index=fmt_fixed(r["index"], lang),
                      band=words[r["band"]], rank=fmt_number(r["rank"], lang, 0),
                      n=int(r["block_size"]), block=cell(block.name(lang)),
                      change=change(r["delta_index"], lang),
                      rank_change=rank_change(r["delta_rank"], lang))
            history = t("par.changes.merged", lang, unit=name(r, lang), units=", ".join(
                cell(p.units.name(u, lang)) for u in r["history"].split(","))) \
                if r["history"] else ""
            parts += [PAGE_BREAK, heading(2, name(r, lang), f"sec-par-unit-{r['unit']}"),
                      facts, history, _areas(p, framework, r["unit"], rows["unit"]),
                      _losses(p, framework, r["unit"]), _gap(p, r["unit"], r),
                      _survey(p, framework, r["unit"])]
    return join(*parts)
