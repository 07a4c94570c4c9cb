; Syntax highlighting for Roast (and Python) sources.
; Later patterns take precedence over earlier ones only where an editor
; says so; the specific captures come first.

; Identifiers ------------------------------------------------------------

((identifier) @constant
  (#match? @constant "^_*[A-Z][A-Z0-9_]*$"))

((identifier) @type
  (#match? @type "^[A-Z][a-z0-9]"))

((identifier) @variable.builtin
  (#any-of? @variable.builtin "self" "cls"))

((identifier) @function.builtin
  (#any-of? @function.builtin
    "abs" "all" "any" "bin" "bool" "chr" "dict" "divmod" "enumerate" "float"
    "hash" "hex" "input" "int" "isinstance" "len" "list" "max" "min" "oct"
    "ord" "pow" "print" "range" "repr" "reversed" "round" "set" "sorted" "str"
    "sum" "tuple" "zip"))

(type (identifier) @type)
(type (subscript value: (identifier) @type))
(type (subscript subscript: (identifier) @type))

(decorator "@" @attribute)
(decorator value: (identifier) @attribute)
(decorator value: (attribute attribute: (identifier) @attribute))
(decorator value: (call function: (identifier) @attribute))

(function_definition name: (identifier) @function)
(class_definition name: (identifier) @type)
(type_parameter name: (identifier) @type)

(call function: (identifier) @function.call)
(call function: (attribute attribute: (identifier) @function.method.call))

(attribute attribute: (identifier) @property)

(typed_parameter name: (identifier) @variable.parameter)
(typed_default_parameter name: (identifier) @variable.parameter)
(default_parameter name: (identifier) @variable.parameter)
(parameters (identifier) @variable.parameter)
(lambda_parameters (identifier) @variable.parameter)
(keyword_argument name: (identifier) @variable.parameter)

(identifier) @variable

; Literals ---------------------------------------------------------------

[
  (none)
  (true)
  (false)
] @constant.builtin

[
  (integer)
  (float)
  (imaginary)
] @number

(comment) @comment

(string) @string
(escape_sequence) @string.escape
(escape_interpolation) @string.escape
(type_conversion) @string.special
(format_specifier) @string.special

(interpolation
  "{" @punctuation.special
  "}" @punctuation.special) @embedded

; Operators and punctuation -----------------------------------------------

[
  "-" "-=" "!=" "*" "**" "**=" "*=" "/" "//" "//=" "/=" "&" "&=" "%" "%="
  "^" "^=" "+" "+=" "<" "<<" "<<=" "<=" "=" "==" ">" ">=" ">>" ">>=" "@="
  "|" "|=" "~" "->" ":="
] @operator

[ "(" ")" "[" "]" "{" "}" ] @punctuation.bracket
[ "," "." ":" ";" ] @punctuation.delimiter

; Keywords ---------------------------------------------------------------

[
  "and" "in" "is" "not" "or" "not in" "is not"
] @keyword.operator

[
  "as" "assert" "async" "await" "break" "class" "continue" "def" "del"
  "elif" "else" "except" "finally" "for" "from" "global" "if" "import"
  "lambda" "nonlocal" "pass" "raise" "return" "try" "while" "with" "yield"
  "match" "case" "type"
] @keyword
