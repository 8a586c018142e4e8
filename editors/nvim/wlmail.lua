-- wlmail's language server in Neovim (0.7 or later, built-in LSP client; no plugin needed).
-- Put this file in ~/.config/nvim/plugin/ (or source it from init.lua). `wlmail` must be on
-- PATH (pip install wlmail); set vim.g.wlmail_cmd = { "/path/to/wlmail", "lsp" } otherwise.
vim.cmd("autocmd BufRead,BufNewFile *.wl,*.wdw setfiletype wlangage")

local client_id = nil
vim.api.nvim_create_autocmd("FileType", {
  pattern = "wlangage",
  callback = function(args)
    if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
      client_id = vim.lsp.start_client({
        name = "wlmail",
        cmd = vim.g.wlmail_cmd or { "wlmail", "lsp" },
        root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":p:h"),
      })
    end
    if client_id == nil then
      return -- Neovim has said why (wlmail not on PATH?)
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
    vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc" -- Ctrl-X Ctrl-O completes
    local opts = { buffer = args.buf }
    vim.keymap.set("n", "gd", vim.lsp.buf.definition, opts)
    vim.keymap.set("n", "K", vim.lsp.buf.hover, opts)
    vim.keymap.set("n", "gr", vim.lsp.buf.references, opts)
  end,
})
