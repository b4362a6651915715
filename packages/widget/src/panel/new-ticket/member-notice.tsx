import { usePanel } from '../context';

/** Shown instead of the form to users who may not file tickets: who can, and what still works. */
export function MemberNotice(props: { administrators: readonly string[] }) {
  const { t } = usePanel();
  return (
    <section class="notice" aria-labelledby="aide-member-title">
      <h3 id="aide-member-title" class="section-title">
        {t('member.title')}
      </h3>
      {props.administrators.length ? (
        <>
          <p>{t('member.body')}</p>
          <ul class="admin-list">
            {props.administrators.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('member.noAdmins')}</p>
      )}
      <p class="muted">{t('member.rest')}</p>
    </section>
  );
}
