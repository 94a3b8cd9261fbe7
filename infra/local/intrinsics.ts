import type { CfnValue, StackTemplate } from './assembly.ts';

/** What a created local resource answers to `Ref` and `Fn::GetAtt`. */
export interface PhysicalResource {
  readonly ref: string;
  readonly attributes: Record<string, string>;
}

export interface ResolverContext {
  readonly region: string;
  readonly accountId: string;
  readonly stacks: StackTemplate[];
  /** By resource key ("<stack>/<logicalId>"). */
  readonly physical: Map<string, PhysicalResource>;
}

/**
 * Resolves CloudFormation intrinsic functions against the resources the local
 * runtime created, so that an environment variable holding a table name, a queue
 * URL or an ARN in the template holds the local one.
 */
export function resolve(value: CfnValue, stackName: string, context: ResolverContext): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`Cannot resolve ${JSON.stringify(value)} in ${stackName}.`);
  }
  const [fn, arg] = Object.entries(value)[0] ?? [];
  switch (fn) {
    case 'Ref':
      return ref(String(arg), stackName, context);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
      return getAtt(String(logicalId), String(attribute), stackName, context);
    }
    case 'Fn::ImportValue':
      return importValue(resolve(arg, stackName, context), context);
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, CfnValue[]];
      return parts.map((part) => resolve(part, stackName, context)).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [number, CfnValue];
      const items = Array.isArray(list) ? list.map((item) => resolve(item, stackName, context)) : resolveList(list, stackName, context);
      return items[Number(index)] ?? '';
    }
    case 'Fn::Sub': {
      const [template, variables] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, CfnValue>];
      return template.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
        if (name in variables) return resolve(variables[name], stackName, context);
        const [id, attribute] = name.split('.');
        return attribute ? getAtt(id!, attribute, stackName, context) : ref(name, stackName, context);
      });
    }
    default:
      throw new Error(`Intrinsic ${String(fn)} is not supported by the local runtime (${stackName}).`);
  }
}

function resolveList(value: CfnValue, stackName: string, context: ResolverContext): string[] {
  const split = (value as { 'Fn::Split'?: [string, CfnValue] })['Fn::Split'];
  if (split) return resolve(split[1], stackName, context).split(split[0]);
  throw new Error(`Cannot resolve a list from ${JSON.stringify(value)}.`);
}

function ref(name: string, stackName: string, context: ResolverContext): string {
  switch (name) {
    case 'AWS::Region':
      return context.region;
    case 'AWS::AccountId':
      return context.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return stackName;
    case 'AWS::NoValue':
      return '';
  }
  return physical(`${stackName}/${name}`, context).ref;
}

function getAtt(logicalId: string, attribute: string, stackName: string, context: ResolverContext): string {
  const resource = physical(`${stackName}/${logicalId}`, context);
  const value = resource.attributes[attribute];
  if (value === undefined) {
    throw new Error(`${stackName}/${logicalId} has no attribute ${attribute} locally.`);
  }
  return value;
}

function importValue(exportName: string, context: ResolverContext): string {
  for (const stack of context.stacks) {
    for (const output of Object.values(stack.outputs)) {
      if (output.Export && resolve(output.Export.Name, stack.stackName, context) === exportName) {
        return resolve(output.Value, stack.stackName, context);
      }
    }
  }
  throw new Error(`No stack exports ${exportName}.`);
}

function physical(key: string, context: ResolverContext): PhysicalResource {
  const resource = context.physical.get(key);
  if (!resource) throw new Error(`${key} is referenced but was not created locally.`);
  return resource;
}
