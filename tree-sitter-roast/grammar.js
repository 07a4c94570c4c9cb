/**
 * @file tree-sitter grammar for Roast: the whole Python 3.11 statement and
 * expression language (plus PEP 695 type parameters), so that every Python
 * construct parses and the compiler can reject what Roast does not support
 * by name. Node names follow tree-sitter-python's conventions.
 * @license MIT
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// Binding strength, lowest first. Python's own table, plus the negative
// entries that settle `:` (lambda vs annotation) and `if` (conditional
// expression vs comprehension filter) in the direction Python does.
const PREC = {
  lambda: -2,
  conditional: -1,
  parenthesized_expression: 1,
  or: 10,
  and: 11,
  not: 12,
  compare: 13,
  bitwise_or: 14,
  xor: 15,
  bitwise_and: 16,
  shift: 17,
  plus: 18,
  times: 19,
  unary: 20,
  power: 21,
  await: 22,
  call: 23,
};

const COMPARISON_OPERATORS = ['<', '<=', '==', '!=', '>=', '>', 'in', 'is'];
const AUGMENTED_OPERATORS = [
  '+=', '-=', '*=', '/=', '@=', '//=', '%=', '**=', '>>=', '<<=', '&=', '^=', '|=',
];

/**
 * One or more `rule`, separated by `separator`.
 * @param {RuleOrLiteral} rule
 * @param {RuleOrLiteral} separator
 */
function sep1(rule, separator) {
  return seq(rule, repeat(seq(separator, rule)));
}

/**
 * One or more `rule`, separated by commas.
 * @param {RuleOrLiteral} rule
 */
function commaSep1(rule) {
  return sep1(rule, ',');
}

const DIGITS = /[0-9](_?[0-9])*/;
const EXPONENT = seq(/[eE]/, optional(/[+-]/), DIGITS);

module.exports = grammar({
  name: 'roast',

  extras: $ => [
    $.comment,
    /[ \t\f\r\n\uFEFF\u200B\u2060]/,
    $.line_continuation,
    $._line_start,
  ],

  externals: $ => [
    $._newline,
    $._indent,
    $._dedent,
    $.string_start,
    $.string_content,
    $.escape_sequence,
    $.escape_interpolation,
    $.string_end,
    $._format_spec_text,
    // Listed so that the scanner is called in every state (it must see
    // every line start); the grammar's own rule lexes comments.
    $.comment,
    // The scanner lexes brackets itself to know the nesting depth: a line
    // break outside brackets ends a logical line (a NEWLINE, wanted or not,
    // as in Python's tokenizer); inside brackets it is whitespace.
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    $.line_continuation,
    // Invisible: marks that a line's indentation has been dealt with.
    $._line_start,
  ],

  conflicts: $ => [
    [$.primary_expression, $.pattern],
    [$.primary_expression, $.list_splat_pattern],
    [$.tuple, $.tuple_pattern],
    [$.list, $.list_pattern],
    [$.with_item, $._collection_elements],
    [$.match_statement, $.primary_expression],
    [$.type_alias_statement, $.primary_expression],
  ],

  supertypes: $ => [
    $.expression,
    $.primary_expression,
    $.pattern,
    $.parameter,
  ],

  inline: $ => [
    $._simple_statement,
    $._compound_statement,
    $._suite,
    $._expressions,
    $._left_hand_side,
    $.keyword_identifier,
  ],

  // Python's hard keywords are never identifiers (soft keywords such as
  // `match`, `case` and `type` are, through `keyword_identifier`).
  reserved: {
    global: _ => [
      'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await',
      'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
      'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is',
      'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
      'while', 'with', 'yield',
    ],
  },

  word: $ => $.identifier,

  rules: {
    module: $ => repeat($._statement),

    _statement: $ => choice($._simple_statements, $._compound_statement),

    // ---------------------------------------------------------------
    // Simple statements

    _simple_statements: $ => seq(
      sep1($._simple_statement, ';'),
      optional(';'),
      $._newline,
    ),

    _simple_statement: $ => choice(
      $.import_statement,
      $.import_from_statement,
      $.assert_statement,
      $.expression_statement,
      $.return_statement,
      $.delete_statement,
      $.raise_statement,
      $.pass_statement,
      $.break_statement,
      $.continue_statement,
      $.global_statement,
      $.nonlocal_statement,
      $.type_alias_statement,
    ),

    import_statement: $ => seq('import', $._import_list),

    import_from_statement: $ => seq(
      'from',
      field('module_name', choice($.relative_import, $.dotted_name)),
      'import',
      choice(
        $.wildcard_import,
        $._import_list,
        seq('(', $._import_list, ')'),
      ),
    ),

    relative_import: $ => seq($.import_prefix, optional($.dotted_name)),

    import_prefix: _ => repeat1(choice('.', '...')),

    _import_list: $ => seq(
      commaSep1(field('name', choice($.dotted_name, $.aliased_import))),
      optional(','),
    ),

    aliased_import: $ => seq(
      field('name', $.dotted_name),
      'as',
      field('alias', $.identifier),
    ),

    wildcard_import: _ => '*',

    dotted_name: $ => prec(1, sep1($.identifier, '.')),

    assert_statement: $ => seq(
      'assert',
      field('condition', $.expression),
      optional(seq(',', field('message', $.expression))),
    ),

    expression_statement: $ => choice(
      $.expression,
      $.expression_list,
      $.assignment,
      $.augmented_assignment,
      $.yield,
    ),

    assignment: $ => seq(
      field('left', $._left_hand_side),
      choice(
        seq('=', field('right', $._right_hand_side)),
        seq(':', field('type', $.type)),
        seq(':', field('type', $.type), '=', field('right', $._right_hand_side)),
      ),
    ),

    augmented_assignment: $ => seq(
      field('left', $._left_hand_side),
      field('operator', choice(...AUGMENTED_OPERATORS)),
      field('right', $._right_hand_side),
    ),

    _left_hand_side: $ => choice($.pattern, $.pattern_list),

    _right_hand_side: $ => choice(
      $.expression,
      $.expression_list,
      $.assignment,
      $.augmented_assignment,
      $.pattern_list,
      $.yield,
    ),

    yield: $ => prec.right(seq(
      'yield',
      choice(
        seq('from', field('value', $.expression)),
        optional(field('value', $._expressions)),
      ),
    )),

    return_statement: $ => seq('return', optional(field('value', $._expressions))),

    delete_statement: $ => seq('del', field('targets', $._expressions)),

    raise_statement: $ => seq(
      'raise',
      optional(field('exception', $._expressions)),
      optional(seq('from', field('cause', $.expression))),
    ),

    pass_statement: _ => prec.left('pass'),
    break_statement: _ => prec.left('break'),
    continue_statement: _ => prec.left('continue'),

    global_statement: $ => seq('global', commaSep1(field('name', $.identifier))),

    nonlocal_statement: $ => seq('nonlocal', commaSep1(field('name', $.identifier))),

    type_alias_statement: $ => prec.dynamic(1, seq(
      'type',
      field('left', $.type),
      '=',
      field('right', $.type),
    )),

    _expressions: $ => choice($.expression, $.expression_list),

    expression_list: $ => prec.right(seq(
      $.expression,
      choice(
        ',',
        seq(repeat1(seq(',', $.expression)), optional(',')),
      ),
    )),

    // ---------------------------------------------------------------
    // Compound statements

    _compound_statement: $ => choice(
      $.if_statement,
      $.for_statement,
      $.while_statement,
      $.try_statement,
      $.with_statement,
      $.function_definition,
      $.class_definition,
      $.decorated_definition,
      $.match_statement,
    ),

    // A suite on the header's line, an indented block, or (an error that
    // the compiler reports) nothing at all.
    _suite: $ => choice(
      alias($._simple_statements, $.block),
      seq($._newline, $._indent, $.block),
      alias($._newline, $.block),
    ),

    block: $ => seq(repeat($._statement), $._dedent),

    if_statement: $ => seq(
      'if',
      field('condition', $.expression),
      ':',
      field('consequence', $._suite),
      repeat(field('alternative', $.elif_clause)),
      optional(field('alternative', $.else_clause)),
    ),

    elif_clause: $ => seq(
      'elif',
      field('condition', $.expression),
      ':',
      field('consequence', $._suite),
    ),

    else_clause: $ => seq('else', ':', field('body', $._suite)),

    for_statement: $ => seq(
      optional('async'),
      'for',
      field('left', $._left_hand_side),
      'in',
      field('right', $._expressions),
      ':',
      field('body', $._suite),
      optional(field('alternative', $.else_clause)),
    ),

    while_statement: $ => seq(
      'while',
      field('condition', $.expression),
      ':',
      field('body', $._suite),
      optional(field('alternative', $.else_clause)),
    ),

    try_statement: $ => seq(
      'try',
      ':',
      field('body', $._suite),
      choice(
        seq(
          repeat1(field('handler', choice($.except_clause, $.except_group_clause))),
          optional(field('alternative', $.else_clause)),
          optional(field('finalizer', $.finally_clause)),
        ),
        field('finalizer', $.finally_clause),
      ),
    ),

    except_clause: $ => seq(
      'except',
      optional(seq(
        field('value', $.expression),
        optional(seq('as', field('alias', $.identifier))),
      )),
      ':',
      field('body', $._suite),
    ),

    except_group_clause: $ => seq(
      'except',
      '*',
      field('value', $.expression),
      optional(seq('as', field('alias', $.identifier))),
      ':',
      field('body', $._suite),
    ),

    finally_clause: $ => seq('finally', ':', field('body', $._suite)),

    with_statement: $ => seq(
      optional('async'),
      'with',
      $.with_clause,
      ':',
      field('body', $._suite),
    ),

    with_clause: $ => choice(
      seq(commaSep1(field('item', $.with_item)), optional(',')),
      seq('(', commaSep1(field('item', $.with_item)), optional(','), ')'),
    ),

    with_item: $ => prec.dynamic(1, seq(
      field('value', $.expression),
      optional(seq('as', field('alias', $.pattern))),
    )),

    function_definition: $ => seq(
      optional('async'),
      'def',
      field('name', $.identifier),
      optional(field('type_parameters', $.type_parameters)),
      field('parameters', $.parameters),
      optional(seq('->', field('return_type', $.type))),
      ':',
      field('body', $._suite),
    ),

    type_parameters: $ => seq(
      '[',
      commaSep1(field('parameter', $.type_parameter)),
      optional(','),
      ']',
    ),

    type_parameter: $ => seq(
      optional(choice('*', '**')),
      field('name', $.identifier),
      optional(seq(':', field('bound', $.type))),
    ),

    parameters: $ => seq('(', optional($._parameters), ')'),

    _parameters: $ => seq(commaSep1(field('parameter', $.parameter)), optional(',')),

    parameter: $ => choice(
      $.identifier,
      $.typed_parameter,
      $.default_parameter,
      $.typed_default_parameter,
      $.list_splat_pattern,
      $.dictionary_splat_pattern,
      $.keyword_separator,
      $.positional_separator,
    ),

    typed_parameter: $ => seq(
      field('name', choice($.identifier, $.list_splat_pattern, $.dictionary_splat_pattern)),
      ':',
      field('type', $.type),
    ),

    default_parameter: $ => seq(
      field('name', $.identifier),
      '=',
      field('value', $.expression),
    ),

    typed_default_parameter: $ => seq(
      field('name', $.identifier),
      ':',
      field('type', $.type),
      '=',
      field('value', $.expression),
    ),

    keyword_separator: _ => '*',
    positional_separator: _ => '/',

    list_splat_pattern: $ => seq(
      '*',
      field('name', choice($.identifier, $.keyword_identifier, $.subscript, $.attribute)),
    ),

    dictionary_splat_pattern: $ => seq(
      '**',
      field('name', choice($.identifier, $.keyword_identifier, $.subscript, $.attribute)),
    ),

    class_definition: $ => seq(
      'class',
      field('name', $.identifier),
      optional(field('type_parameters', $.type_parameters)),
      optional(field('superclasses', $.argument_list)),
      ':',
      field('body', $._suite),
    ),

    decorated_definition: $ => seq(
      repeat1(field('decorator', $.decorator)),
      field('definition', choice($.class_definition, $.function_definition)),
    ),

    decorator: $ => seq('@', field('value', $.expression), $._newline),

    match_statement: $ => seq(
      'match',
      commaSep1(field('subject', $.expression)),
      optional(','),
      ':',
      field('body', alias($._match_block, $.block)),
    ),

    _match_block: $ => choice(
      seq($._newline, $._indent, repeat(field('alternative', $.case_clause)), $._dedent),
      $._newline,
    ),

    case_clause: $ => seq(
      'case',
      commaSep1(field('pattern', $.case_pattern)),
      optional(','),
      optional(field('guard', $.if_clause)),
      ':',
      field('consequence', $._suite),
    ),

    case_pattern: $ => prec.right(seq(
      field('value', $.expression),
      optional(seq('as', field('alias', $.identifier))),
    )),

    // ---------------------------------------------------------------
    // Assignment targets

    pattern: $ => choice(
      $.identifier,
      $.keyword_identifier,
      $.subscript,
      $.attribute,
      $.list_splat_pattern,
      $.tuple_pattern,
      $.list_pattern,
    ),

    pattern_list: $ => seq(
      $.pattern,
      choice(',', seq(repeat1(seq(',', $.pattern)), optional(','))),
    ),

    tuple_pattern: $ => seq('(', optional($._patterns), ')'),

    list_pattern: $ => seq('[', optional($._patterns), ']'),

    _patterns: $ => seq(commaSep1($.pattern), optional(',')),

    // ---------------------------------------------------------------
    // Expressions

    expression: $ => choice(
      $.comparison_operator,
      $.not_operator,
      $.boolean_operator,
      $.lambda,
      $.primary_expression,
      $.conditional_expression,
      $.named_expression,
    ),

    primary_expression: $ => choice(
      $.await,
      $.binary_operator,
      $.identifier,
      $.keyword_identifier,
      $.string,
      $.concatenated_string,
      $.integer,
      $.float,
      $.imaginary,
      $.true,
      $.false,
      $.none,
      $.ellipsis,
      $.unary_operator,
      $.attribute,
      $.subscript,
      $.call,
      $.list,
      $.list_comprehension,
      $.dictionary,
      $.dictionary_comprehension,
      $.set,
      $.set_comprehension,
      $.tuple,
      $.parenthesized_expression,
      $.generator_expression,
    ),

    // Soft keywords are identifiers wherever a keyword cannot stand.
    keyword_identifier: $ => choice(
      alias(choice('match', 'case', 'type'), $.identifier),
    ),

    not_operator: $ => prec(PREC.not, seq('not', field('argument', $.expression))),

    boolean_operator: $ => choice(
      prec.left(PREC.and, seq(
        field('left', $.expression),
        field('operator', 'and'),
        field('right', $.expression),
      )),
      prec.left(PREC.or, seq(
        field('left', $.expression),
        field('operator', 'or'),
        field('right', $.expression),
      )),
    ),

    binary_operator: $ => {
      const table = [
        [prec.left, '+', PREC.plus],
        [prec.left, '-', PREC.plus],
        [prec.left, '*', PREC.times],
        [prec.left, '@', PREC.times],
        [prec.left, '/', PREC.times],
        [prec.left, '%', PREC.times],
        [prec.left, '//', PREC.times],
        [prec.right, '**', PREC.power],
        [prec.left, '|', PREC.bitwise_or],
        [prec.left, '&', PREC.bitwise_and],
        [prec.left, '^', PREC.xor],
        [prec.left, '<<', PREC.shift],
        [prec.left, '>>', PREC.shift],
      ];
      // @ts-ignore
      return choice(...table.map(([fn, operator, precedence]) => fn(precedence, seq(
        field('left', $.primary_expression),
        // @ts-ignore
        field('operator', operator),
        field('right', $.primary_expression),
      ))));
    },

    unary_operator: $ => prec(PREC.unary, seq(
      field('operator', choice('+', '-', '~')),
      field('argument', $.primary_expression),
    )),

    comparison_operator: $ => prec.left(PREC.compare, seq(
      $.primary_expression,
      repeat1(seq(
        field('operators', choice(
          ...COMPARISON_OPERATORS,
          alias(seq('not', 'in'), 'not in'),
          alias(seq('is', 'not'), 'is not'),
        )),
        $.primary_expression,
      )),
    )),

    lambda: $ => prec(PREC.lambda, seq(
      'lambda',
      optional(field('parameters', $.lambda_parameters)),
      ':',
      field('body', $.expression),
    )),

    lambda_parameters: $ => seq(
      commaSep1(field('parameter', choice(
        $.identifier,
        $.default_parameter,
        $.list_splat_pattern,
        $.dictionary_splat_pattern,
        $.keyword_separator,
        $.positional_separator,
      ))),
      optional(','),
    ),

    conditional_expression: $ => prec.right(PREC.conditional, seq(
      field('consequence', $.expression),
      'if',
      field('condition', $.expression),
      'else',
      field('alternative', $.expression),
    )),

    named_expression: $ => seq(
      field('name', choice($.identifier, $.keyword_identifier)),
      ':=',
      field('value', $.expression),
    ),

    await: $ => prec(PREC.await, seq('await', field('argument', $.primary_expression))),

    attribute: $ => prec(PREC.call, seq(
      field('object', $.primary_expression),
      '.',
      field('attribute', $.identifier),
    )),

    subscript: $ => prec(PREC.call, seq(
      field('value', $.primary_expression),
      '[',
      commaSep1(field('subscript', choice($.expression, $.slice))),
      optional(','),
      ']',
    )),

    slice: $ => seq(
      optional(field('start', $.expression)),
      ':',
      optional(field('stop', $.expression)),
      optional(seq(':', optional(field('step', $.expression)))),
    ),

    call: $ => prec(PREC.call, seq(
      field('function', $.primary_expression),
      field('arguments', choice($.generator_expression, $.argument_list)),
    )),

    argument_list: $ => seq(
      '(',
      optional(commaSep1(field('argument', choice(
        $.expression,
        $.list_splat,
        $.dictionary_splat,
        $.keyword_argument,
      )))),
      optional(','),
      ')',
    ),

    keyword_argument: $ => seq(
      field('name', choice($.identifier, $.keyword_identifier)),
      '=',
      field('value', $.expression),
    ),

    list_splat: $ => seq('*', field('value', $.expression)),

    dictionary_splat: $ => seq('**', field('value', $.expression)),

    parenthesized_expression: $ => prec(PREC.parenthesized_expression, seq(
      '(',
      field('expression', choice($.expression, $.yield, $.list_splat)),
      ')',
    )),

    _collection_elements: $ => seq(
      commaSep1(field('element', choice($.expression, $.yield, $.list_splat))),
      optional(','),
    ),

    list: $ => seq('[', optional($._collection_elements), ']'),

    tuple: $ => seq('(', optional($._collection_elements), ')'),

    set: $ => seq('{', $._collection_elements, '}'),

    dictionary: $ => seq(
      '{',
      optional(seq(
        commaSep1(field('element', choice($.pair, $.dictionary_splat))),
        optional(','),
      )),
      '}',
    ),

    pair: $ => seq(field('key', $.expression), ':', field('value', $.expression)),

    list_comprehension: $ => seq(
      '[',
      field('body', $.expression),
      $._comprehension_clauses,
      ']',
    ),

    set_comprehension: $ => seq(
      '{',
      field('body', $.expression),
      $._comprehension_clauses,
      '}',
    ),

    dictionary_comprehension: $ => seq(
      '{',
      field('body', $.pair),
      $._comprehension_clauses,
      '}',
    ),

    generator_expression: $ => seq(
      '(',
      field('body', $.expression),
      $._comprehension_clauses,
      ')',
    ),

    _comprehension_clauses: $ => seq(
      field('clause', $.for_in_clause),
      repeat(field('clause', choice($.for_in_clause, $.if_clause))),
    ),

    for_in_clause: $ => prec.left(seq(
      optional('async'),
      'for',
      field('left', $._left_hand_side),
      'in',
      field('right', $.expression),
      repeat(seq(',', field('right', $.expression))),
      optional(','),
    )),

    if_clause: $ => seq('if', field('condition', $.expression)),

    // Annotations are expressions (`list["Node"]`, `int | None`,
    // `Callable[[int], str]`); the wrapper node marks where one stands.
    type: $ => $.expression,

    // ---------------------------------------------------------------
    // Literals

    identifier: _ => /[_\p{XID_Start}][_\p{XID_Continue}]*/,

    true: _ => 'True',
    false: _ => 'False',
    none: _ => 'None',
    ellipsis: _ => '...',

    integer: _ => token(choice(
      /0[xX](_?[0-9a-fA-F])+/,
      /0[oO](_?[0-7])+/,
      /0[bB](_?[01])+/,
      DIGITS,
    )),

    float: _ => token(choice(
      seq(DIGITS, '.', optional(DIGITS), optional(EXPONENT)),
      seq('.', DIGITS, optional(EXPONENT)),
      seq(DIGITS, EXPONENT),
    )),

    imaginary: _ => token(seq(
      choice(
        seq(DIGITS, '.', optional(DIGITS), optional(EXPONENT)),
        seq('.', DIGITS, optional(EXPONENT)),
        seq(DIGITS, optional(EXPONENT)),
      ),
      /[jJ]/,
    )),

    concatenated_string: $ => seq($.string, repeat1($.string)),

    string: $ => seq(
      field('start', $.string_start),
      repeat(choice(
        $.interpolation,
        $.string_content,
        $.escape_sequence,
        $.escape_interpolation,
      )),
      field('end', $.string_end),
    ),

    interpolation: $ => seq(
      '{',
      field('expression', choice($.expression, $.expression_list, $.yield, $.list_splat)),
      optional(field('self_documenting', '=')),
      optional(field('type_conversion', $.type_conversion)),
      optional(field('format_specifier', $.format_specifier)),
      '}',
    ),

    type_conversion: _ => /![a-zA-Z]/,

    format_specifier: $ => seq(
      ':',
      repeat(choice(
        alias($._format_spec_text, $.string_content),
        $.interpolation,
      )),
    ),

    comment: _ => token(seq('#', /.*/)),
  },
});
