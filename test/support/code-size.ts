import ts from 'typescript';

/**
 * How long a source file and its functions are, for the size rule of ARCHITECTURE.md (files
 * under 300 lines, functions under 80) "outside data literals": an object or array literal of
 * constants (a table of aliases, an OpenAPI document, a column spec) is data, not logic, so its
 * lines but the first do not count, in the file or in the function that holds it.
 */
export interface CodeSize {
  readonly lines: number;
  /** Every function, method and callback, by name, with its length in lines. */
  readonly functions: readonly { readonly name: string; readonly lines: number }[];
}

function isFunctionNode(node: ts.Node): boolean {
  return (
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/**
 * Data: literals, names, a name's property, templates of those, and objects and arrays of them.
 * A call, an operator or a function makes it logic (a result assembled from computed values).
 */
function isData(node: ts.Node): boolean {
  if (
    ts.isStringLiteral(node) ||
    ts.isNumericLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isIdentifier(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  )
    return true;
  if (ts.isPropertyAccessExpression(node)) return isData(node.expression);
  if (ts.isPrefixUnaryExpression(node)) return ts.isNumericLiteral(node.operand);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((t) => isData(t.expression));
  if (
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isParenthesizedExpression(node)
  )
    return isData(node.expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(isData);
  if (ts.isObjectLiteralExpression(node))
    return node.properties.every(
      (p) =>
        ts.isShorthandPropertyAssignment(p) ||
        (ts.isPropertyAssignment(p) && isData(p.initializer)) ||
        (ts.isSpreadAssignment(p) && isData(p.expression)),
    );
  return false;
}

/** The name a function goes by: its own, or its variable's or property's. */
function ownName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
    return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (
    (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
  )
    return parent.name.getText();
  return undefined;
}

export function codeSize(path: string, text: string): CodeSize {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  // Lines that belong to a data literal (all but its first).
  const dataLines = new Set<number>();
  const functions: { name: string; from: number; to: number }[] = [];
  const visit = (node: ts.Node, outer: string | undefined): void => {
    if ((ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node)) && isData(node)) {
      for (let l = line(node.getStart(source)) + 1; l <= line(node.getEnd()); l++) dataLines.add(l);
      return;
    }
    let scope = outer;
    if (isFunctionNode(node)) {
      const own = ownName(node);
      // An anonymous callback is counted under the function that holds it.
      scope = own ? (outer ? `${outer}.${own}` : own) : (outer ?? '(top level)');
      functions.push({
        name: own ? scope : `${scope} callback`,
        from: line(node.getStart(source)),
        to: line(node.getEnd()),
      });
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(source, undefined);
  const count = (from: number, to: number) => {
    let n = 0;
    for (let l = from; l <= to; l++) if (!dataLines.has(l)) n++;
    return n;
  };
  const last = line(text.length) - (text.endsWith('\n') ? 1 : 0);
  return {
    lines: count(0, last),
    functions: functions.map((f) => ({ name: f.name, lines: count(f.from, f.to) })),
  };
}
