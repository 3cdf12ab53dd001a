import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');

/** One SQL statement of the server, as far as it can be read from its source. */
export interface SqlStatement {
  /** `src/…/file.ts:line`. */
  at: string;
  /** The text, its `${…}` pieces filled in (a constant's text, a condition's first branch). */
  sql: string;
  /** The row type the call names (`rows<T>`, `one<T>`): its required properties. */
  rowColumns?: string[];
}

/** A statement whose text is built at run time from pieces that are not constants. */
export interface UnreadStatement {
  at: string;
  why: string;
}

class Unreadable extends Error {}

/**
 * Every statement the server sends through `rows`/`one` (src/common/transactions.ts) and every
 * `….query(text)` with a text of its own, read from the source with the type checker: a
 * template's `${…}` pieces are followed to the constant they name (in the same file or
 * imported), a condition contributes its first branch (`lock ? ' FOR UPDATE' : ''`), and a
 * function whose body is one template is filled with its arguments' pieces. What is built from
 * values known only at run time is returned as unread, with where and why.
 */
export function serverSqlStatements(): { read: SqlStatement[]; unread: UnreadStatement[] } {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const files = parsed.fileNames.filter(
    (f) => f.startsWith(join(ROOT, 'src')) && !f.endsWith('.spec.ts'),
  );
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const read: SqlStatement[] = [];
  const unread: UnreadStatement[] = [];

  const declarationOf = (node: ts.Node): ts.Declaration | undefined => {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  };

  /** The text of a string-valued expression; `scope` maps a function's parameters to texts. */
  const textOf = (e: ts.Expression, scope: Map<string, string>, depth = 0): string => {
    if (depth > 20) throw new Unreadable('too deep');
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isNumericLiteral(e)) return e.text;
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) {
      return textOf(e.expression, scope, depth + 1);
    }
    if (ts.isTemplateExpression(e)) {
      let text = e.head.text;
      for (const span of e.templateSpans) {
        text += textOf(span.expression, scope, depth + 1) + span.literal.text;
      }
      return text;
    }
    if (ts.isConditionalExpression(e)) return textOf(e.whenTrue, scope, depth + 1);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      return textOf(e.left, scope, depth + 1) + textOf(e.right, scope, depth + 1);
    }
    if (ts.isIdentifier(e) && scope.has(e.text)) return scope.get(e.text)!;
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const d = declarationOf(e);
      if (d && ts.isVariableDeclaration(d) && d.initializer && isConst(d)) {
        return textOf(d.initializer, new Map(), depth + 1);
      }
      if (d && ts.isPropertyAssignment(d)) return textOf(d.initializer, new Map(), depth + 1);
      const type = checker.getTypeAtLocation(e);
      if (type.isStringLiteral()) return type.value;
      if (type.isNumberLiteral()) return String(type.value);
      throw new Unreadable(`\`${e.getText()}\` is not a constant`);
    }
    if (ts.isCallExpression(e)) {
      const d = declarationOf(e.expression);
      const fn =
        d && ts.isVariableDeclaration(d) && d.initializer && ts.isArrowFunction(d.initializer)
          ? d.initializer
          : d && ts.isFunctionDeclaration(d)
            ? d
            : undefined;
      const body =
        fn && fn.body && ts.isArrowFunction(fn) && !ts.isBlock(fn.body)
          ? fn.body
          : fn?.body && ts.isBlock(fn.body) && fn.body.statements.length === 1
            ? (fn.body.statements[0] as ts.ReturnStatement).expression
            : undefined;
      if (!fn || !body)
        throw new Unreadable(`\`${e.expression.getText()}(…)\` is built at run time`);
      const inner = new Map<string, string>();
      fn.parameters.forEach((p, i) => {
        const arg = e.arguments[i];
        if (!arg || !ts.isIdentifier(p.name)) return;
        try {
          inner.set(p.name.text, textOf(arg, scope, depth + 1));
        } catch {
          // a parameter that is no text (a filter object): used only where it cannot matter
        }
      });
      return textOf(body, inner, depth + 1);
    }
    throw new Unreadable(`\`${e.getText().slice(0, 60)}\` is built at run time`);
  };

  for (const file of program.getSourceFiles()) {
    if (!files.includes(file.fileName)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        const sqlArg =
          (name === 'rows' || name === 'one') && ts.isIdentifier(callee)
            ? node.arguments[1]
            : name === 'query'
              ? node.arguments[0]
              : undefined;
        if (sqlArg && isStringish(checker, sqlArg)) {
          const { line } = file.getLineAndCharacterOfPosition(node.getStart());
          const at = `${relative(ROOT, file.fileName)}:${line + 1}`;
          try {
            const sql = textOf(sqlArg, new Map());
            const rowType = node.typeArguments?.[0];
            read.push({
              at,
              sql,
              rowColumns: rowType ? requiredProperties(checker, rowType) : undefined,
            });
          } catch (err) {
            if (!(err instanceof Unreadable)) throw err;
            unread.push({ at, why: err.message });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { read, unread };
}

const isConst = (d: ts.VariableDeclaration): boolean =>
  ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0;

const isStringish = (checker: ts.TypeChecker, e: ts.Expression): boolean => {
  const type = checker.getTypeAtLocation(e);
  return (type.flags & ts.TypeFlags.StringLike) !== 0;
};

/** The properties a row type requires (optional ones and index signatures aside). */
function requiredProperties(checker: ts.TypeChecker, node: ts.TypeNode): string[] | undefined {
  const type = checker.getTypeFromTypeNode(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) {
    return undefined;
  }
  return checker
    .getPropertiesOfType(type)
    .filter((p) => (p.flags & ts.SymbolFlags.Optional) === 0)
    .map((p) => p.name);
}
