-- Pandoc Lua filter for the builtin engine (HTML and Typst writers).
--  * numbers sections, figures and tables; HTML captions get "Hình 1." / "Bảng 1.";
--  * turns Quarto-style cross-references @fig-x, @tbl-x, @sec-x into links (HTML)
--    or Typst references (numbering done by Typst with the same order);
--  * images: the fig-alt attribute becomes the alt text;
--  * [text]{.status .on_track} spans become badges in Typst (CSS styles them in HTML).
local is_typst = FORMAT:match("typst") ~= nil
local labels = { fig = "Figure", tbl = "Table", sec = "Section" }
local refs = {}

local function str(meta_value)
  if meta_value == nil then return nil end
  return pandoc.utils.stringify(meta_value)
end

local function read_labels(meta)
  local l = meta["crossref-labels"]
  if l then
    labels.fig = str(l.fig) or labels.fig
    labels.tbl = str(l.tbl) or labels.tbl
    labels.sec = str(l.sec) or labels.sec
  end
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

local function has_caption(caption)
  return caption and #caption.long > 0 and pandoc.utils.stringify(caption.long) ~= ""
end

function Pandoc(doc)
  read_labels(doc.meta)
  local section = { 0, 0, 0, 0, 0, 0 }
  local n_fig, n_tbl = 0, 0

  -- pass 1: number things in document order
  doc.blocks = doc.blocks:walk({
    Header = function(h)
      if h.classes:includes("unnumbered") then return nil end
      section[h.level] = section[h.level] + 1
      for i = h.level + 1, 6 do section[i] = 0 end
      local parts = {}
      for i = 1, h.level do parts[#parts + 1] = tostring(section[i]) end
      if h.identifier ~= "" then
        refs[h.identifier] = labels.sec .. " " .. table.concat(parts, ".")
      end
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
      if not is_typst then fig.caption = prepend_caption(fig.caption, label) end
      return fig
    end,
    Table = function(tbl)
      if not has_caption(tbl.caption) then return nil end
      n_tbl = n_tbl + 1
      local label = labels.tbl .. " " .. n_tbl
      if tbl.identifier ~= "" then refs[tbl.identifier] = label end
      if not is_typst then tbl.caption = prepend_caption(tbl.caption, label) end
      return tbl
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
      if not is_typst or not span.classes:includes("status") then return nil end
      local kind = "other"
      for _, c in ipairs(span.classes) do
        if c ~= "status" then kind = c end
      end
      local out = pandoc.List({ pandoc.RawInline("typst", '#badge("' .. kind .. '")[') })
      out:extend(span.content)
      out:insert(pandoc.RawInline("typst", "]"))
      return out
    end,
  })
  return doc
end
