-- Pandoc Lua filter of both engines (HTML and Typst writers; `filters:` in _quarto.yml).
--  * numbers the sections as an official report does (Decree 30/2020): parts I, II, …,
--    points 1, 2, …, sub-points a), b), …; a level-1 heading of class "appendix" is
--    "Phụ lục I" / "Annex I" (its own count). The number is written into the heading
--    (class header-section-number) and the heading marked unnumbered, so Pandoc, Quarto
--    and Typst print the same number and add none of their own;
--  * Typst: the table of contents goes before the first numbered part (after the
--    summary), as #report-outline() of the template;
--  * numbers figures and tables; HTML captions get "Hình 1." / "Bảng 1.";
--    the report's identifiers are #figure-x / #table-x, not Quarto's #fig-x / #tbl-x,
--    so Quarto's own crossref leaves them to this filter and both engines number alike;
--  * a table caption's trailing {#table-x} becomes the table's identifier (Quarto turns
--    off Pandoc's table_attributes extension and leaves it as text);
--  * turns cross-references @figure-x, @table-x, @sec-x into links (HTML)
--    or Typst references (numbering done by Typst with the same order);
--  * images: the fig-alt attribute becomes the alt text;
--  * [✔ text]{.status .on_track} spans become badges in Typst (CSS styles them in HTML),
--    their leading symbol (one of the metadata's status-symbols) set apart, to be drawn
--    in the status's colour;
--  * a ::: {.chart-data} div (the data behind a chart) becomes a <details> in HTML, one
--    click away, and is left out of the PDF (its annex has the tables);
--  * HTML: every table sits in a <div class="table-scroll">, which scrolls sideways on
--    its own on a narrow screen, so the page never does.
local is_typst = FORMAT:match("typst") ~= nil
local labels = { fig = "Figure", tbl = "Table", sec = "Section" }
local refs = {}
local symbols = {}  -- the statuses' symbols (metadata status-symbols)

local function str(meta_value)
  if meta_value == nil then return nil end
  return pandoc.utils.stringify(meta_value)
end

local appendix_label = "Appendix"

local function roman(n)
  local numerals = { { 10, "X" }, { 9, "IX" }, { 5, "V" }, { 4, "IV" }, { 1, "I" } }
  local out = ""
  for _, pair in ipairs(numerals) do
    while n >= pair[1] do out = out .. pair[2]; n = n - pair[1] end
  end
  return out
end

local function letter(n)
  return string.char(string.byte("a") + (n - 1) % 26)
end

local function read_labels(meta)
  local apx = meta["appendix-label"]
  if apx then appendix_label = pandoc.utils.stringify(apx) end
  local l = meta["crossref-labels"]
  if l then
    labels.fig = str(l.fig) or labels.fig
    labels.tbl = str(l.tbl) or labels.tbl
    labels.sec = str(l.sec) or labels.sec
  end
  for _, symbol in ipairs(meta["status-symbols"] or {}) do
    symbols[pandoc.utils.stringify(symbol)] = true
  end
end

-- A badge's content "✔ Đã đạt": the symbol (a Str of the status-symbols, then a space)
-- and the rest; nil, content when it has no leading symbol.
local function split_symbol(content)
  local first = content[1]
  if first and first.t == "Str" and symbols[first.text]
      and content[2] and content[2].t == "Space" then
    local rest = pandoc.List()
    for i = 2, #content do rest:insert(content[i]) end
    return first.text, rest
  end
  return nil, content
end

local function caption_prefix(text, id)
  return pandoc.Span({ pandoc.Str(text .. ".") }, pandoc.Attr("", { "cap-label" }))
end

local function prepend_caption(caption, label)
  local prefix = { caption_prefix(label), pandoc.Space() }
  if #caption.long == 0 then
    caption.long = { pandoc.Plain(prefix) }
  else
    local first = caption.long[1]
    if first.t == "Plain" or first.t == "Para" then
      first.content = prefix .. first.content
    end
  end
  return caption
end

-- Quarto reads "Caption {#table-x}" with the attribute as text: take it back.
local function caption_identifier(tbl)
  local blocks = tbl.caption.long
  if #blocks == 0 then return end
  local inlines = blocks[#blocks].content
  if inlines == nil or #inlines == 0 then return end
  local last = inlines[#inlines]
  if last.t ~= "Str" then return end
  local ident = last.text:match("^{#([%w%-_:.]+)}$")
  if ident == nil then return end
  inlines:remove(#inlines)
  while #inlines > 0 and (inlines[#inlines].t == "Space" or inlines[#inlines].t == "SoftBreak") do
    inlines:remove(#inlines)
  end
  if tbl.identifier == "" then tbl.identifier = ident end
end

-- Figures are written as Typst here, not by the writer: Quarto would otherwise turn
-- them into its own floats (another kind, shared numbering, no label).
local function typst_blocks(blocks)
  return (pandoc.write(pandoc.Pandoc(blocks), "typst"):gsub("%s+$", ""))
end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function typst_label(ident)
  if ident == nil or ident == "" then return "" end
  return " <" .. ident .. ">"
end

local function typst_image_figure(fig)
  local images = {}
  fig.content:walk({ Image = function(img) images[#images + 1] = img end })
  if #images ~= 1 then return nil end
  local img = images[1]
  local alt = img.attributes["alt"] or pandoc.utils.stringify(img.caption)
  local body = "image(" .. typst_string(img.src)
  if alt ~= "" then body = body .. ", alt: " .. typst_string(alt) end
  body = body .. ")"
  return pandoc.RawBlock("typst", "#figure(" .. body .. ", caption: ["
                         .. typst_blocks(fig.caption.long) .. "])" .. typst_label(fig.identifier))
end

local function has_caption(caption)
  return caption and #caption.long > 0 and pandoc.utils.stringify(caption.long) ~= ""
end

-- ::: {.chart-data} with a [summary]{.chart-data-summary} and the chart's table:
-- <details class="chart-data"><summary>summary</summary> table </details> in HTML,
-- nothing in Typst (the PDF's annex has the tables).
local function chart_data(div)
  if not div.classes:includes("chart-data") then return nil end
  if is_typst then return {} end
  local summary = nil
  local body = pandoc.List()
  for _, block in ipairs(div.content) do
    local found = nil
    if block.t == "Para" or block.t == "Plain" then
      for _, inline in ipairs(block.content) do
        if inline.t == "Span" and inline.classes:includes("chart-data-summary") then
          found = inline.content
        end
      end
    end
    if found and summary == nil then summary = found else body:insert(block) end
  end
  summary = summary or { pandoc.Str("Data") }
  -- the summary's inlines written by Pandoc's HTML writer (escaped as the rest)
  local label = pandoc.write(pandoc.Pandoc({ pandoc.Plain(summary) }), "html"):gsub("%s+$", "")
  local out = pandoc.List({ pandoc.RawBlock("html", '<details class="chart-data"><summary>'
                                            .. label .. "</summary>") })
  out:extend(body)
  out:insert(pandoc.RawBlock("html", "</details>"))
  return out
end

-- ::: {.close} with a .recipients and a .signature div: the document's close, the
-- recipients at the left and the signature block at the right (Decree 30/2020), kept
-- together on one page; in HTML the CSS lays the two divs side by side.
local function close_block(div)
  if not (is_typst and div.classes:includes("close")) then return nil end
  local recipients, signature = pandoc.List(), pandoc.List()
  for _, block in ipairs(div.content) do
    if block.t == "Div" and block.classes:includes("recipients") then recipients = block.content end
    if block.t == "Div" and block.classes:includes("signature") then signature = block.content end
  end
  return pandoc.RawBlock("typst", "#block(breakable: false, above: 2.4em, grid(columns: (46%, 54%), "
    .. "column-gutter: 10pt, align: (left + top, center + top), "
    .. "[#set text(size: 9.5pt); #set par(justify: false, leading: 0.45em); #set list(spacing: 0.45em, marker: [-])\n"
    .. typst_blocks(recipients) .. "], [#set par(justify: false)\n" .. typst_blocks(signature) .. "]))")
end

function Pandoc(doc)
  read_labels(doc.meta)
  doc.blocks = doc.blocks:walk({ Div = function(div) return chart_data(div) or close_block(div) end })
  local section = { 0, 0, 0, 0, 0, 0 }
  local n_part, n_appendix = 0, 0
  local n_fig, n_tbl = 0, 0
  local outline_placed = false

  -- the table of contents (Typst) before the first numbered part
  if is_typst then
    local blocks = pandoc.List()
    for _, block in ipairs(doc.blocks) do
      if not outline_placed and block.t == "Header" and block.level == 1
          and not block.classes:includes("unnumbered") then
        blocks:insert(pandoc.RawBlock("typst", "#report-outline()"))
        outline_placed = true
      end
      blocks:insert(block)
    end
    doc.blocks = pandoc.Blocks(blocks)
  end

  -- sections are numbered when _quarto.yml's number-sections says so (the builtin
  -- engine passes it as --number-sections, Quarto as metadata)
  local numbered = PANDOC_WRITER_OPTIONS.number_sections
  if doc.meta["number-sections"] ~= nil then numbered = doc.meta["number-sections"] == true end

  -- pass 1: number things in document order
  doc.blocks = doc.blocks:walk({
    Header = function(h)
      if h.classes:includes("unnumbered") or not numbered then return nil end
      section[h.level] = section[h.level] + 1
      for i = h.level + 1, 6 do section[i] = 0 end
      local label
      if h.level == 1 and h.classes:includes("appendix") then
        n_appendix = n_appendix + 1
        label = appendix_label .. " " .. roman(n_appendix) .. "."
      elseif h.level == 1 then
        n_part = n_part + 1
        label = roman(n_part) .. "."
      elseif h.level == 2 then
        label = tostring(section[2]) .. "."
      elseif h.level == 3 then
        label = letter(section[3]) .. ")"
      else
        return nil  -- deeper levels are not numbered
      end
      if h.identifier ~= "" then refs[h.identifier] = labels.sec .. " " .. label end
      local number = pandoc.Span({ pandoc.Str(label) }, pandoc.Attr("", { "header-section-number" }))
      if is_typst then
        number = pandoc.RawInline("typst", "#text(fill: accent)[" .. label .. "]")
      end
      local content = pandoc.List({ number, pandoc.Space() })
      content:extend(h.content)
      h.content = content
      h.classes:insert("unnumbered")
      return h
    end,
    Figure = function(fig)
      n_fig = n_fig + 1
      local label = labels.fig .. " " .. n_fig
      if fig.identifier ~= "" then refs[fig.identifier] = label end
      fig.content = fig.content:walk({
        Image = function(img)
          local alt = img.attributes["fig-alt"]
          if alt then
            img.attributes["fig-alt"] = nil
            img.attributes["alt"] = alt
          end
          return img
        end,
      })
      if not is_typst then
        fig.caption = prepend_caption(fig.caption, label)
        return fig
      end
      return typst_image_figure(fig) or fig
    end,
    Table = function(tbl)
      caption_identifier(tbl)
      if not has_caption(tbl.caption) then
        if is_typst then return tbl end
        return pandoc.Div({ tbl }, pandoc.Attr("", { "table-scroll" }))
      end
      n_tbl = n_tbl + 1
      local label = labels.tbl .. " " .. n_tbl
      if tbl.identifier ~= "" then refs[tbl.identifier] = label end
      if not is_typst then
        tbl.caption = prepend_caption(tbl.caption, label)
        return pandoc.Div({ tbl }, pandoc.Attr("", { "table-scroll" }))
      end
      -- Typst: the table inside a figure of kind table, written here for both engines
      -- (Quarto marks every table typst:no-figure, which would drop the caption).
      local caption, ident = tbl.caption.long, tbl.identifier
      tbl.caption = pandoc.Caption()
      tbl.identifier = ""
      tbl.classes:insert("typst:no-figure")
      return {
        pandoc.RawBlock("typst", "#figure(kind: table, caption: [" .. typst_blocks(caption)
                        .. "])["),
        tbl,
        pandoc.RawBlock("typst", "]" .. typst_label(ident)),
      }
    end,
  })

  -- pass 2: references and status badges
  doc.blocks = doc.blocks:walk({
    Cite = function(cite)
      local out = pandoc.List()
      for i, c in ipairs(cite.citations) do
        if i > 1 then out:insert(pandoc.Str(", ")) end
        local label = refs[c.id]
        if label == nil then
          out:insert(pandoc.Str("@" .. c.id))
        elseif is_typst then
          out:insert(pandoc.RawInline("typst", "#ref(<" .. c.id .. ">)"))
        else
          out:insert(pandoc.Link(label, "#" .. c.id, "", pandoc.Attr("", { "xref" })))
        end
      end
      return out
    end,
    Span = function(span)
      if not span.classes:includes("status") then return nil end
      local kind = "other"
      for _, c in ipairs(span.classes) do
        if c ~= "status" then kind = c end
      end
      local symbol, rest = split_symbol(span.content)
      if not is_typst then
        -- HTML: the symbol in a span of its own, coloured by the status CSS
        if symbol == nil then return nil end
        local content = pandoc.List({ pandoc.Span({ pandoc.Str(symbol) },
          pandoc.Attr("", { "status-symbol" }, { ["aria-hidden"] = "true" })) })
        content:extend(rest)
        span.content = content
        return span
      end
      local out = pandoc.List({ pandoc.RawInline("typst", '#badge("' .. kind .. '")[') })
      if symbol ~= nil then
        out:insert(pandoc.RawInline("typst", '#badge-symbol("' .. kind .. '")['))
        out:insert(pandoc.Str(symbol))
        out:insert(pandoc.RawInline("typst", "]"))
      end
      out:extend(rest)
      out:insert(pandoc.RawInline("typst", "]"))
      return out
    end,
  })
  return doc
end
