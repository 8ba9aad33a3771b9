// keyhold/layering: each layer imports only what it may, judged by where an import resolves to
// (VS Code's code-layering rule is the model), so `../../core/x` and `./core/x` count alike.
// Options: `forbidden`, folders (from the repository root) and bare modules this layer never
// imports, but for the folders in `allowed`; `doors`, folders whose modules this layer reaches
// only through the named files.
import { dirname, relative, resolve } from 'node:path';

/** The repository-relative path of a relative import, without its query and extension. */
function target(spec, fromFile, root) {
  const bare = spec.split('?')[0];
  if (!bare.startsWith('.')) return null;
  const path = relative(root, resolve(dirname(fromFile), bare))
    .split('\\')
    .join('/');
  return path.replace(/\.(m|c)?[jt]sx?$/, '').replace(/\/index$/, '');
}

const inside = (path, folder) => path === folder || path.startsWith(`${folder}/`);

export const layering = {
  meta: {
    type: 'problem',
    schema: [
      {
        type: 'object',
        properties: {
          forbidden: { type: 'array', items: { type: 'string' } },
          allowed: { type: 'array', items: { type: 'string' } },
          doors: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                folder: { type: 'string' },
                files: { type: 'array', items: { type: 'string' } },
                /** Imports allowed anyway, by their text (e.g. a worker entry point). */
                except: { type: 'array', items: { type: 'string' } },
              },
              required: ['folder', 'files'],
            },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: "This layer never imports '{{what}}' ({{spec}}).",
      door: "Reach {{folder}} only through {{files}}, not '{{spec}}'.",
    },
  },
  create(context) {
    const { forbidden = [], allowed = [], doors = [] } = context.options[0] ?? {};
    const root = context.cwd;
    const check = (node) => {
      const spec = node?.value;
      if (typeof spec !== 'string') return;
      const path = target(spec, context.filename, root);
      const exempt = path !== null && allowed.some((folder) => inside(path, folder));
      for (const what of exempt ? [] : forbidden) {
        if (path === null ? spec === what || spec.startsWith(`${what}/`) : inside(path, what)) {
          context.report({ node, messageId: 'forbidden', data: { what, spec } });
          return;
        }
      }
      if (path === null) return;
      for (const door of doors) {
        if (!inside(path, door.folder) || door.except?.includes(spec)) continue;
        const open = door.files.map((file) => `${door.folder}/${file}`.replace(/\/index$/, ''));
        if (!open.includes(path)) {
          const files = door.files.map((file) => `${file}.ts`).join(' or ');
          context.report({ node, messageId: 'door', data: { folder: door.folder, files, spec } });
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { layering } };
