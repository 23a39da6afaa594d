import { Inject, Injectable } from '@nestjs/common';
import { ValidationError } from '@app/common';
import { IMPORT_HANDLERS, ImportHandler } from './import-handler';

/** The line types, by `type`: adding one is one more handler in the module, never a switch. */
@Injectable()
export class HandlerRegistry {
  private readonly byType: Map<string, ImportHandler>;

  constructor(@Inject(IMPORT_HANDLERS) handlers: ImportHandler[]) {
    this.byType = new Map(handlers.map((h) => [h.type, h]));
  }

  all(): ImportHandler[] {
    return [...this.byType.values()];
  }

  /** The handler of a line, after checking `type` and that every field belongs to that type. */
  handlerFor(line: Record<string, unknown>): ImportHandler {
    const type = line.type;
    const handler = typeof type === 'string' ? this.byType.get(type) : undefined;
    if (!handler) throw new ValidationError('type', `must be one of ${[...this.byType.keys()].join(', ')}`);
    for (const field of Object.keys(line)) {
      if (field !== 'type' && !handler.fields.includes(field)) throw new ValidationError(field, `is not a field of a ${handler.type} line`);
    }
    return handler;
  }
}
