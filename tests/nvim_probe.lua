-- Run by tests/test_lsp_nvim.py inside `nvim --headless -u editors/nvim/wlmail.lua`: wait for
-- what Neovim shows of the file's diagnostics, ask for completion, hover and definition the
-- way its own commands do, and write it all as JSON to $WL_OUT.
local out = {}
local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  out.ready = vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  vim.diagnostic.setqflist({ open = false })
  out.qflist = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(out.qflist, { lnum = item.lnum, col = item.col, type = item.type, text = item.text })
  end

  local function at(line, col)
    vim.api.nvim_win_set_cursor(0, { line, col })
    return vim.lsp.util.make_position_params()
  end

  local function ask(method, params)
    local answers = vim.lsp.buf_request_sync(buf, method, params, 30000) or {}
    for _, answer in pairs(answers) do
      if answer.result then return answer.result end
    end
    return nil
  end

  -- completion, turned into Neovim's completion items by its own omnifunc code
  local line = tonumber(vim.env.WL_LINE)
  local text = vim.api.nvim_buf_get_lines(buf, line - 1, line, false)[1]
  local prefix = text:match("[%w_]*$")
  local result = ask("textDocument/completion", at(line, #text))
  out.completion = {}
  for _, item in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(result or {}, prefix)) do
    table.insert(out.completion, item.word)
  end

  local hover = ask("textDocument/hover", at(tonumber(vim.env.WL_HOVER_LINE), 12))
  out.hover = hover and vim.lsp.util.convert_input_to_markdown_lines(hover.contents) or {}

  local function definition(line, col)
    local def = ask("textDocument/definition", at(line, col))
    if not (def and def[1]) then return -1 end
    return { def[1].range.start.line, def[1].range.start.character }
  end
  out.definition = definition(tonumber(vim.env.WL_DEF_LINE), 3)
  out.method = definition(tonumber(vim.env.WL_METHOD_LINE), 4)
end)
if not ok then
  out.error = tostring(err)
end

local f = io.open(vim.env.WL_OUT, "w")
f:write(vim.fn.json_encode(out))
f:close()
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd("qall!")
