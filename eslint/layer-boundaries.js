/**
 * ESLint rule: which top-level folder may import which. Relative specifiers are
 * resolved against the importing file, so `../../core/x` is caught at any depth.
 * (eslint-plugin-boundaries would need an import resolver set up for TypeScript;
 * this rule needs nothing but the path of the file and the specifier.)
 *
 * Options: { layers: { [folder]: { may: string[], typeOnly?: string[], forbidPackages?: string[], forbidBuiltins?: boolean } } }
 * `typeOnly` entries are folder prefixes (e.g. 'core/contract') that may be imported with `import type` only.
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules);

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the layers apart: rules, hardware, core, electron, renderer' },
    schema: [{ type: 'object', properties: { layers: { type: 'object' } }, required: ['layers'] }],
    messages: {
      folder: '{{from}}/ may not import from {{to}}/ (allowed: {{allowed}})',
      typeOnly: '{{from}}/ may import {{to}} only with `import type`',
      package: '{{from}}/ may not import "{{name}}"',
      builtin: '{{from}}/ may not import the Node built-in "{{name}}" (no I/O in this layer)',
    },
  },
  create(context) {
    const { layers } = context.options[0];
    const root = context.cwd;
    // A layer is a top folder, or a deeper one named in full (e.g. 'centre/web'): the longest that holds the path.
    const keys = Object.keys(layers).sort((a, b) => b.length - a.length);
    const layerOf = (path) => keys.find((key) => path === key || path.startsWith(`${key}/`)) ?? path.split('/')[0];
    const file = relative(root, context.filename).split(sep).join('/');
    const from = layerOf(file);
    const layer = layers[from];
    if (!layer || file.startsWith('..')) return {};

    function check(node, source, typeOnly) {
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (specifier.startsWith('.')) {
        const target = relative(root, resolve(dirname(context.filename), specifier)).split(sep).join('/');
        const to = layerOf(target);
        if (layer.may.includes(to)) return;
        const typePrefix = (layer.typeOnly ?? []).find((p) => target === p || target.startsWith(`${p}/`));
        if (typePrefix) {
          if (!typeOnly) context.report({ node, messageId: 'typeOnly', data: { from, to: typePrefix } });
          return;
        }
        context.report({ node, messageId: 'folder', data: { from, to, allowed: layer.may.join(', ') } });
        return;
      }
      if (isBuiltin(specifier)) {
        if (layer.forbidBuiltins) context.report({ node, messageId: 'builtin', data: { from, name: specifier } });
        return;
      }
      const name = packageName(specifier);
      if ((layer.forbidPackages ?? []).includes(name)) context.report({ node, messageId: 'package', data: { from, name } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0], false);
      },
    };
  },
};
