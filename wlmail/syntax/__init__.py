"""Source text to AST: lexer, LALR parser, AST nodes and builder."""
