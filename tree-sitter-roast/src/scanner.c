/*
 * External scanner for tree-sitter-roast.
 *
 * Produces the tokens a context-free lexer cannot:
 *   - NEWLINE, INDENT, DEDENT from line starts (blank and comment-only
 *     lines do not count, backslash continuations join lines, newlines
 *     inside brackets are plain whitespace, DEDENTs close every block at
 *     the end of the file, a tab advances to the next multiple of 8);
 *   - the pieces of string literals: the opening quote with its prefix,
 *     runs of literal text, escape sequences, `{{`/`}}` in f-strings, the
 *     closing quote, and the literal text of f-string format specs.
 *
 * Like Python's tokenizer, the scanner counts brackets (it lexes them
 * itself): a line break outside brackets is a NEWLINE token whether or not
 * the parser wants one there (so `x = 4 *` followed by a new line is an
 * error, not a continuation), and inside brackets it is whitespace. NEWLINE
 * covers the line break; INDENT and DEDENT are empty tokens at the start of
 * the next line. The scanner knows it is at a line start because the token
 * before was its own (NEWLINE, a comment line, INDENT, DEDENT); there it
 * always produces a token, an invisible LINE_START over the indentation if
 * nothing else, so that knowledge never goes stale. (The lexer's column
 * would tell too, but computing it after a rewind costs the whole line.)
 *
 * Robustness: every loop either advances the lexer or stops; stacks have a
 * fixed capacity that fits the serialization buffer, and pushing onto a full
 * stack fails the token instead of writing out of bounds.
 */

#include "tree_sitter/alloc.h"
#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum TokenType {
  NEWLINE,
  INDENT,
  DEDENT,
  STRING_START,
  STRING_CONTENT,
  ESCAPE_SEQUENCE,
  ESCAPE_INTERPOLATION,
  STRING_END,
  FORMAT_SPEC_TEXT,
  COMMENT,
  OPEN_PAREN,
  CLOSE_PAREN,
  OPEN_BRACKET,
  CLOSE_BRACKET,
  OPEN_BRACE,
  CLOSE_BRACE,
  LINE_CONTINUATION,
  LINE_START,
};

/* Flags describing one open string literal. */
enum {
  DELIM_DOUBLE_QUOTE = 1 << 0,
  DELIM_TRIPLE = 1 << 1,
  DELIM_RAW = 1 << 2,
  DELIM_FORMAT = 1 << 3,
  DELIM_BYTES = 1 << 4,
};

#define MAX_DELIMITERS 64
#define MAX_INDENTS 400
#define MAX_INDENT_WIDTH 0xFFFF

typedef struct {
  /* Widths of the enclosing blocks' indentation; the module's 0 is implicit. */
  uint16_t indents[MAX_INDENTS];
  uint16_t indent_count;
  /* Open string literals, innermost last (f-strings nest). */
  uint8_t delimiters[MAX_DELIMITERS];
  uint8_t delimiter_count;
  /* Strings opened while the stack was full: they share the innermost
   * delimiter's flags (only absurdly nested f-strings get here, and failing
   * to lex them makes error recovery quadratic). */
  uint32_t delimiter_overflow;
  /* Open brackets, f-string replacement fields included. */
  uint32_t bracket_depth;
  /* The last token ended a line (NEWLINE, a comment line, INDENT, DEDENT, or
   * the file's start): the scanner is at the start of a line. Every scan
   * there produces a token (LINE_START at worst), so this is never stale. */
  bool at_line_start;
} Scanner;

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }

static inline uint16_t current_indent(const Scanner *scanner) {
  return scanner->indent_count == 0 ? 0 : scanner->indents[scanner->indent_count - 1];
}

static inline void pop_delimiter(Scanner *scanner) {
  if (scanner->delimiter_overflow > 0) {
    scanner->delimiter_overflow--;
  } else if (scanner->delimiter_count > 0) {
    scanner->delimiter_count--;
  }
}

static inline bool is_hex_digit(int32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline bool is_octal_digit(int32_t c) { return c >= '0' && c <= '7'; }

static bool finish(TSLexer *lexer, enum TokenType token) {
  lexer->result_symbol = token;
  return true;
}

/* The body of an escape sequence, after its backslash. Validity (digit
 * counts, known letters) is the compiler's business, not the grammar's. */
static void scan_escape_body(TSLexer *lexer, uint8_t delimiter) {
  if (lexer->eof(lexer)) {
    return;
  }
  bool bytes = (delimiter & DELIM_BYTES) != 0;
  int32_t c = lexer->lookahead;
  int max_digits = 0;
  switch (c) {
    case '\r':
      advance(lexer);
      if (lexer->lookahead == '\n') {
        advance(lexer);
      }
      return;
    case 'x':
      max_digits = 2;
      break;
    case 'u':
      max_digits = bytes ? 0 : 4;
      break;
    case 'U':
      max_digits = bytes ? 0 : 8;
      break;
    case 'N':
      advance(lexer);
      if (!bytes && lexer->lookahead == '{') {
        advance(lexer);
        while (!lexer->eof(lexer) && lexer->lookahead != '}' && lexer->lookahead != '\n' &&
               lexer->lookahead != '"' && lexer->lookahead != '\'') {
          advance(lexer);
        }
        if (lexer->lookahead == '}') {
          advance(lexer);
        }
      }
      return;
    default:
      if (is_octal_digit(c)) {
        for (int i = 0; i < 3 && is_octal_digit(lexer->lookahead); i++) {
          advance(lexer);
        }
        return;
      }
      advance(lexer);
      return;
  }
  advance(lexer);
  for (int i = 0; i < max_digits && is_hex_digit(lexer->lookahead); i++) {
    advance(lexer);
  }
}

/* Inside a string literal: text, an escape, `{{`/`}}`, or the closing quote.
 * An unterminated literal (end of line in a single-quoted one, end of file
 * in any) is closed by an empty STRING_END, which the compiler reports. */
static bool scan_bracket(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols);

static bool scan_string_body(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols) {
  uint8_t delimiter = scanner->delimiters[scanner->delimiter_count - 1];
  int32_t quote = (delimiter & DELIM_DOUBLE_QUOTE) ? '"' : '\'';
  bool triple = (delimiter & DELIM_TRIPLE) != 0;
  bool raw = (delimiter & DELIM_RAW) != 0;
  bool format = (delimiter & DELIM_FORMAT) != 0;
  bool has_content = false;

  for (;;) {
    if (lexer->eof(lexer)) {
      lexer->mark_end(lexer);
      if (has_content) {
        return finish(lexer, STRING_CONTENT);
      }
      pop_delimiter(scanner);
      return finish(lexer, STRING_END);
    }
    int32_t c = lexer->lookahead;
    if (c == quote) {
      lexer->mark_end(lexer);
      if (!triple) {
        if (has_content) {
          return finish(lexer, STRING_CONTENT);
        }
        advance(lexer);
        lexer->mark_end(lexer);
        pop_delimiter(scanner);
        return finish(lexer, STRING_END);
      }
      advance(lexer);
      if (lexer->lookahead == quote) {
        advance(lexer);
        if (lexer->lookahead == quote) {
          if (has_content) {
            return finish(lexer, STRING_CONTENT);
          }
          advance(lexer);
          lexer->mark_end(lexer);
          pop_delimiter(scanner);
          return finish(lexer, STRING_END);
        }
      }
      has_content = true;
      continue;
    }
    if ((c == '\n' || c == '\r') && !triple) {
      lexer->mark_end(lexer);
      if (has_content) {
        return finish(lexer, STRING_CONTENT);
      }
      pop_delimiter(scanner);
      return finish(lexer, STRING_END);
    }
    if (c == '\\') {
      if (raw) {
        /* A raw string keeps the backslash, and the next character cannot
         * close it. */
        advance(lexer);
        if (!lexer->eof(lexer)) {
          advance(lexer);
        }
        has_content = true;
        continue;
      }
      lexer->mark_end(lexer);
      if (has_content) {
        return finish(lexer, STRING_CONTENT);
      }
      advance(lexer);
      scan_escape_body(lexer, delimiter);
      lexer->mark_end(lexer);
      return finish(lexer, ESCAPE_SEQUENCE);
    }
    if (format && (c == '{' || c == '}')) {
      lexer->mark_end(lexer);
      if (has_content) {
        return finish(lexer, STRING_CONTENT);
      }
      advance(lexer);
      if (lexer->lookahead == c) {
        advance(lexer);
        lexer->mark_end(lexer);
        return finish(lexer, ESCAPE_INTERPOLATION);
      }
      /* A single `{` opens a replacement field; a single `}` is an error. */
      if (c == '{' && valid_symbols[OPEN_BRACE]) {
        lexer->mark_end(lexer);
        scanner->bracket_depth++;
        return finish(lexer, OPEN_BRACE);
      }
      return false;
    }
    advance(lexer);
    has_content = true;
  }
}

/* The literal text of an f-string format spec, up to a `{`, a `}` or the
 * end of the string. */
static bool scan_format_spec(Scanner *scanner, TSLexer *lexer) {
  uint8_t delimiter = scanner->delimiters[scanner->delimiter_count - 1];
  int32_t quote = (delimiter & DELIM_DOUBLE_QUOTE) ? '"' : '\'';
  bool triple = (delimiter & DELIM_TRIPLE) != 0;
  bool has_content = false;
  while (!lexer->eof(lexer)) {
    int32_t c = lexer->lookahead;
    if (c == '{' || c == '}') {
      break;
    }
    if (!triple && (c == quote || c == '\n' || c == '\r')) {
      break;
    }
    if (triple && c == quote) {
      /* Stop before a closing triple quote; one or two quotes are text. */
      lexer->mark_end(lexer);
      advance(lexer);
      if (lexer->lookahead == quote) {
        advance(lexer);
        if (lexer->lookahead == quote) {
          return has_content ? finish(lexer, FORMAT_SPEC_TEXT) : false;
        }
      }
      has_content = true;
      continue;
    }
    advance(lexer);
    has_content = true;
  }
  lexer->mark_end(lexer);
  return has_content ? finish(lexer, FORMAT_SPEC_TEXT) : false;
}

/* An opening quote with its prefix (`r`, `b`, `f`, `u`, `rb`, `br`, `fr`,
 * `rf`, in any case). Anything else is left to the identifier rule. */
static bool scan_string_start(Scanner *scanner, TSLexer *lexer) {
  uint8_t flags = 0;
  bool unicode = false;
  int letters = 0;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == 'r' || c == 'R') {
      if ((flags & DELIM_RAW) || unicode) {
        return false;
      }
      flags |= DELIM_RAW;
    } else if (c == 'b' || c == 'B') {
      if (flags & (DELIM_BYTES | DELIM_FORMAT) || unicode) {
        return false;
      }
      flags |= DELIM_BYTES;
    } else if (c == 'f' || c == 'F') {
      if (flags & (DELIM_BYTES | DELIM_FORMAT) || unicode) {
        return false;
      }
      flags |= DELIM_FORMAT;
    } else if (c == 'u' || c == 'U') {
      if (letters > 0) {
        return false;
      }
      unicode = true;
    } else {
      break;
    }
    advance(lexer);
    letters++;
    if (letters > 2) {
      return false;
    }
  }
  int32_t quote = lexer->lookahead;
  if (quote == '"') {
    flags |= DELIM_DOUBLE_QUOTE;
  } else if (quote != '\'') {
    return false;
  }
  if (scanner->delimiter_count >= MAX_DELIMITERS && scanner->delimiter_overflow == UINT32_MAX) {
    return false;
  }
  advance(lexer);
  lexer->mark_end(lexer);
  if (lexer->lookahead == quote) {
    advance(lexer);
    if (lexer->lookahead == quote) {
      advance(lexer);
      lexer->mark_end(lexer);
      flags |= DELIM_TRIPLE;
    }
  }
  if (scanner->delimiter_count < MAX_DELIMITERS) {
    scanner->delimiters[scanner->delimiter_count++] = flags;
  } else {
    scanner->delimiter_overflow++;
  }
  return finish(lexer, STRING_START);
}

/* A bracket at the current position, counted. */
static bool scan_bracket(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols) {
  enum TokenType token;
  bool opening;
  switch (lexer->lookahead) {
    case '(': token = OPEN_PAREN; opening = true; break;
    case '[': token = OPEN_BRACKET; opening = true; break;
    case '{': token = OPEN_BRACE; opening = true; break;
    case ')': token = CLOSE_PAREN; opening = false; break;
    case ']': token = CLOSE_BRACKET; opening = false; break;
    case '}': token = CLOSE_BRACE; opening = false; break;
    default: return false;
  }
  if (!valid_symbols[token]) {
    return false;
  }
  advance(lexer);
  lexer->mark_end(lexer);
  if (opening) {
    if (scanner->bracket_depth < UINT32_MAX) {
      scanner->bracket_depth++;
    }
  } else if (scanner->bracket_depth > 0) {
    scanner->bracket_depth--;
  }
  return finish(lexer, token);
}

static bool scan(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols) {
  /* In error recovery every symbol is valid, which never happens otherwise
   * for these two. */
  bool error_recovery = valid_symbols[STRING_CONTENT] && valid_symbols[INDENT];
  bool in_string = scanner->delimiter_count > 0 && !error_recovery;
  bool line_start = scanner->at_line_start;
  /* Any token produced below clears the flag, unless it sets it again. */
  scanner->at_line_start = false;

  if (in_string && valid_symbols[FORMAT_SPEC_TEXT]) {
    if (scan_format_spec(scanner, lexer)) {
      return true;
    }
    return scan_bracket(scanner, lexer, valid_symbols);
  }
  if (in_string && (valid_symbols[STRING_CONTENT] || valid_symbols[STRING_END])) {
    return scan_string_body(scanner, lexer, valid_symbols);
  }

  bool outside_brackets = scanner->bracket_depth == 0;

  /* Empty tokens (INDENT, DEDENT, NEWLINE at the end of the file) sit where
   * the scanner was called. */
  lexer->mark_end(lexer);
  bool found_end_of_line = line_start;
  bool at_eof = false;
  uint32_t indent = 0;
  for (;;) {
    if (lexer->eof(lexer)) {
      at_eof = true;
      break;
    }
    int32_t c = lexer->lookahead;
    if (c == '\n' || c == '\r') {
      if (!found_end_of_line && outside_brackets) {
        /* The end of a logical line. */
        advance(lexer);
        if (c == '\r' && lexer->lookahead == '\n') {
          advance(lexer);
        }
        lexer->mark_end(lexer);
        scanner->at_line_start = true;
        return finish(lexer, NEWLINE);
      }
      found_end_of_line = true;
      indent = 0;
      skip(lexer);
    } else if (c == ' ') {
      if (indent < MAX_INDENT_WIDTH) {
        indent++;
      }
      skip(lexer);
    } else if (c == '\t') {
      indent = (indent / 8 + 1) * 8;
      if (indent > MAX_INDENT_WIDTH) {
        indent = MAX_INDENT_WIDTH;
      }
      skip(lexer);
    } else if (c == '\f') {
      indent = 0;
      skip(lexer);
    } else if (c == 0xFEFF || c == 0x200B || c == 0x2060) {
      skip(lexer);
    } else if (c == '#') {
      /* Comments are lexed here, before any INDENT or DEDENT of the code
       * line after them (so a comment before a dedent stays in the inner
       * block). One alone on its line takes its line break along: that
       * line break ends no logical line, and the next token starts a line. */
      while (!lexer->eof(lexer) && lexer->lookahead != '\n' && lexer->lookahead != '\r') {
        advance(lexer);
      }
      if (found_end_of_line) {
        int32_t end = lexer->lookahead;
        if (end == '\r' || end == '\n') {
          advance(lexer);
          if (end == '\r' && lexer->lookahead == '\n') {
            advance(lexer);
          }
        }
        scanner->at_line_start = true;
      }
      lexer->mark_end(lexer);
      return finish(lexer, COMMENT);
    } else if (c == '\\') {
      advance(lexer);
      if (lexer->lookahead == '\r') {
        advance(lexer);
        if (lexer->lookahead == '\n') {
          advance(lexer);
        }
      } else if (lexer->lookahead == '\n') {
        advance(lexer);
      } else {
        /* A stray backslash: the grammar reports it. */
        return false;
      }
      lexer->mark_end(lexer);
      return finish(lexer, LINE_CONTINUATION);
    } else {
      break;
    }
  }

  if (at_eof) {
    if (!found_end_of_line && outside_brackets && valid_symbols[NEWLINE]) {
      /* The last line has no line break. */
      scanner->at_line_start = true;
      return finish(lexer, NEWLINE);
    }
    found_end_of_line = true;
    indent = 0;
  }

  if (found_end_of_line && outside_brackets) {
    uint16_t current = current_indent(scanner);
    if (valid_symbols[INDENT] && indent > current && !at_eof &&
        scanner->indent_count < MAX_INDENTS) {
      scanner->indents[scanner->indent_count++] = (uint16_t)indent;
      scanner->at_line_start = true;
      return finish(lexer, INDENT);
    }
    if (indent < current && scanner->indent_count > 0) {
      scanner->indent_count--;
      scanner->at_line_start = true;
      return finish(lexer, DEDENT);
    }
  }

  if (line_start && !at_eof) {
    /* The line's first token is next: leave the line start behind with an
     * invisible token over the indentation. */
    lexer->mark_end(lexer);
    return finish(lexer, LINE_START);
  }
  if (line_start) {
    scanner->at_line_start = true;
  }

  if (scan_bracket(scanner, lexer, valid_symbols)) {
    return true;
  }
  if (valid_symbols[STRING_START]) {
    return scan_string_start(scanner, lexer);
  }
  return false;
}

void *tree_sitter_roast_external_scanner_create(void) {
  Scanner *scanner = ts_calloc(1, sizeof(Scanner));
  if (scanner != NULL) {
    scanner->at_line_start = true;
  }
  return scanner;
}

void tree_sitter_roast_external_scanner_destroy(void *payload) { ts_free(payload); }

unsigned tree_sitter_roast_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *scanner = (Scanner *)payload;
  unsigned size = 0;
  for (int i = 0; i < 4; i++) {
    buffer[size++] = (char)((scanner->bracket_depth >> (8 * i)) & 0xFF);
  }
  buffer[size++] = (char)scanner->at_line_start;
  for (int i = 0; i < 4; i++) {
    buffer[size++] = (char)((scanner->delimiter_overflow >> (8 * i)) & 0xFF);
  }
  buffer[size++] = (char)scanner->delimiter_count;
  memcpy(&buffer[size], scanner->delimiters, scanner->delimiter_count);
  size += scanner->delimiter_count;
  for (uint16_t i = 0; i < scanner->indent_count; i++) {
    buffer[size++] = (char)(scanner->indents[i] & 0xFF);
    buffer[size++] = (char)(scanner->indents[i] >> 8);
  }
  return size;
}

void tree_sitter_roast_external_scanner_deserialize(void *payload, const char *buffer,
                                                    unsigned length) {
  Scanner *scanner = (Scanner *)payload;
  scanner->delimiter_count = 0;
  scanner->indent_count = 0;
  scanner->bracket_depth = 0;
  scanner->at_line_start = true;
  scanner->delimiter_overflow = 0;
  if (length < 10) {
    return;
  }
  unsigned size = 0;
  uint32_t depth = 0;
  for (int i = 0; i < 4; i++) {
    depth |= (uint32_t)(uint8_t)buffer[size++] << (8 * i);
  }
  scanner->bracket_depth = depth;
  scanner->at_line_start = buffer[size++] != 0;
  uint32_t overflow = 0;
  for (int i = 0; i < 4; i++) {
    overflow |= (uint32_t)(uint8_t)buffer[size++] << (8 * i);
  }
  scanner->delimiter_overflow = overflow;
  uint8_t delimiter_count = (uint8_t)buffer[size++];
  if (delimiter_count > MAX_DELIMITERS || size + delimiter_count > length) {
    return;
  }
  memcpy(scanner->delimiters, &buffer[size], delimiter_count);
  scanner->delimiter_count = delimiter_count;
  size += delimiter_count;
  while (size + 1 < length && scanner->indent_count < MAX_INDENTS) {
    uint16_t low = (uint8_t)buffer[size];
    uint16_t high = (uint8_t)buffer[size + 1];
    scanner->indents[scanner->indent_count++] = (uint16_t)(low | (high << 8));
    size += 2;
  }
}

bool tree_sitter_roast_external_scanner_scan(void *payload, TSLexer *lexer,
                                             const bool *valid_symbols) {
  return scan((Scanner *)payload, lexer, valid_symbols);
}
