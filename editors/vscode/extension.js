// Starts `wlmail lsp` (stdio) for WLangage files. Everything else (diagnostics, completion,
// hover, definitions, rename, formatting, "translate this file") comes from the server.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("wlmail")
    .get("command", ["wlmail", "lsp"]);
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient(
    "wlmail",
    "WLangage (wlmail)",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "wlangage" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
