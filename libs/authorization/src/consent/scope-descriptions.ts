import { Injectable } from '@nestjs/common';
import { ScopesService } from '@app/clients';

export interface ScopeLine {
  name: string;
  description: string;
  /** Already part of the user's remembered consent. */
  granted: boolean;
}

/** Scopes in plain words (the operators' descriptions), for the consent and grants pages. */
@Injectable()
export class ScopeDescriptions {
  constructor(private readonly scopes: ScopesService) {}

  async describe(names: readonly string[], granted: readonly string[] = []): Promise<ScopeLine[]> {
    const descriptions = new Map((await this.scopes.list()).map((s) => [s.name, s.description]));
    return names.map((name) => ({ name, description: descriptions.get(name) ?? name, granted: granted.includes(name) }));
  }
}
