import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { toPersonView, type PersonView } from './person-view';
import type { Principal } from './types';

export interface TListPeopleOptions {
  actor: Principal;
}

/** Everyone, disabled people and unknown roles included, ordered by email. Administrators only. */
export async function listPeople(ctx: KmsContext, options: TListPeopleOptions): Promise<PersonView[]> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListPeople',
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'users:manage');
      return (await ctx.people.listPeople()).map(toPersonView);
    },
  });
}
