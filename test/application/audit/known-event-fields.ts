import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One known event type and the paths of its data's fields (`changes.*.from`: `*` for array elements). */
export interface KnownEventFields {
  readonly type: string;
  readonly paths: readonly string[];
}

const KNOWN_EVENTS = fileURLToPath(new URL('../../../application/audit/known-events.ts', import.meta.url));
const DOMAIN = fileURLToPath(new URL('../../../domain', import.meta.url));

const domainFiles = (): string[] =>
  readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(DOMAIN, file));

function createChecker(): { program: ts.Program; checker: ts.TypeChecker } {
  const program = ts.createProgram([KNOWN_EVENTS, ...domainFiles()], {
    strict: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    types: [],
  });
  return { program, checker: program.getTypeChecker() };
}

let compiled: ReturnType<typeof createChecker> | undefined;
const compile = () => (compiled ??= createChecker());

function fieldPaths(
  checker: ts.TypeChecker,
  type: ts.Type,
  prefix: readonly string[],
  depth: number,
): string[] {
  if (depth > 8) return [];
  const parts = type.isUnion() ? type.types : [type];
  const paths = new Set<string>();
  for (const part of parts) {
    if (checker.isArrayType(part) || checker.isTupleType(part)) {
      for (const element of checker.getTypeArguments(part as ts.TypeReference)) {
        for (const path of fieldPaths(checker, element, [...prefix, '*'], depth + 1)) paths.add(path);
      }
      continue;
    }
    if (!(part.flags & ts.TypeFlags.Object)) continue;
    for (const property of checker.getPropertiesOfType(part)) {
      const path = [...prefix, property.name];
      paths.add(path.join('.'));
      const propertyType = checker.getNonNullableType(checker.getTypeOfSymbol(property));
      for (const nested of fieldPaths(checker, propertyType, path, depth + 1)) paths.add(nested);
    }
  }
  return [...paths];
}

/**
 * Every member of `KnownEvent` (application/audit) and its data's field paths, read by the TypeScript checker
 * from the domain's event types: what a test needs to see that no secret-looking field goes unredacted.
 */
export function knownEventFields(): KnownEventFields[] {
  const { program, checker } = compile();
  const source = program.getSourceFile(KNOWN_EVENTS);
  if (!source) throw new Error(`cannot read ${KNOWN_EVENTS}`);
  const alias = source.statements.find(
    (statement): statement is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(statement) && statement.name.text === 'KnownEvent',
  );
  if (!alias) throw new Error('KnownEvent is not declared in known-events.ts');
  const union = checker.getTypeAtLocation(alias.name);
  return (union.isUnion() ? union.types : [union]).map((member) => {
    const typeSymbol = member.getProperty('type');
    const dataSymbol = member.getProperty('data');
    if (!typeSymbol || !dataSymbol) throw new Error(`${checker.typeToString(member)} is not an event`);
    const typeOfType = checker.getTypeOfSymbol(typeSymbol);
    if (!typeOfType.isStringLiteral()) throw new Error(`${checker.typeToString(member)}: type not a literal`);
    return {
      type: typeOfType.value,
      paths: fieldPaths(checker, checker.getTypeOfSymbol(dataSymbol), [], 0),
    };
  });
}

/**
 * The type names of every `Event<'Name', ...>` alias declared anywhere under `domain/`: an event type that a
 * new file declares, and that `KnownEvent` does not list yet, is found here.
 */
export function domainEventTypes(): string[] {
  const { program } = compile();
  const names: string[] = [];
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(DOMAIN)) continue;
    for (const statement of source.statements) {
      if (!ts.isTypeAliasDeclaration(statement) || !ts.isTypeReferenceNode(statement.type)) continue;
      const { typeName, typeArguments } = statement.type;
      const first = typeArguments?.[0];
      if (ts.isIdentifier(typeName) && typeName.text === 'Event' && first && ts.isLiteralTypeNode(first)) {
        if (ts.isStringLiteral(first.literal)) names.push(first.literal.text);
      }
    }
  }
  return names;
}
