/**
 * A small interpreter for the Jinja2 subset that chat templates use.
 *
 * <p><b>Why our own interpreter.</b> Chat templates are Jinja2 programs written against Python: they call
 * {@code namespace(...)} with keyword arguments, Python string methods ({@code content.split('</think>')[-1]
 * .lstrip('\n')}, {@code startswith}), dict methods ({@code items()}, {@code get}), slicing such as
 * {@code messages[::-1]}, and they print values the way Python does ({@code True}, {@code None}, {@code 1.0},
 * list reprs), all under transformers' environment ({@code trim_blocks}, {@code lstrip_blocks},
 * {@code loopcontrols}, {@code tojson} as {@code json.dumps(ensure_ascii=False)}). Jinjava 2.8.0, the Java
 * Jinja engine, failed every one of our Qwen3 template cases on exactly these Python-isms. Hugging Face's
 * {@code @huggingface/jinja} (JavaScript) and llama.cpp's {@code minja} (C++) solved the same problem the same
 * way: a compact interpreter that implements the Jinja syntax chat templates need with Python's semantics,
 * rather than a general template engine. This package is that interpreter for Java: a lexer (whitespace
 * control, trim/lstrip blocks, raw, comments), a parser to an immutable AST (sealed records), and an
 * evaluator over plain Java values, with no dependencies beyond Jackson for JSON input. Its reference is
 * Python Jinja2 3.1 itself: the Qwen3 golden renders and the inline Llama 3, ChatML and Gemma templates in
 * the tests match it character for character.
 *
 * <p><b>Subset.</b> Statements {@code if/elif/else}, {@code for} (tuple unpacking, {@code if} filter,
 * {@code else}, {@code loop.*}, {@code break}/{@code continue}), {@code set} (namespace attributes, blocks),
 * {@code macro}/{@code call}, {@code filter}, {@code raw}, transformers' {@code generation}; the usual
 * expressions, filters and tests; no template inheritance or includes. One deliberate difference from
 * Jinja: an attribute or item of an undefined value is undefined rather than an error (see {@link
 * dev.tandem.engine.chat.jinja.Undefined}).
 *
 * <p>Entry point: {@link dev.tandem.engine.chat.jinja.Template}.
 */
package dev.tandem.engine.chat.jinja;
