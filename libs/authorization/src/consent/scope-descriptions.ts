import { Injectable } from '@nestjs/common';
import { ScopesService } from '@app/clients';

export interface ScopeLine {
  name: string;
  description: string;
  /** The operators' Chinese text, when they wrote one (the pages pick by language). */
  descriptionZh: string | null;
  /** Already part of the user's remembered consent. */
  granted: boolean;
}

/** Scopes in plain words (the operators' descriptions), for the consent and grants pages. */
@Injectable()
export class ScopeDescriptions {
  constructor(private readonly scopes: ScopesService) {}

  async describe(names: readonly string[], granted: readonly string[] = []): Promise<ScopeLine[]> {
    const known = new Map((await this.scopes.list()).map((s) => [s.name, s]));
    return names.map((name) => ({
      name,
      description: known.get(name)?.description ?? name,
      descriptionZh: known.get(name)?.description_zh ?? null,
      granted: granted.includes(name),
    }));
  }
}
