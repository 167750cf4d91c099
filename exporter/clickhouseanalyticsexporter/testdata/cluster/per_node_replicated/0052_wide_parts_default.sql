ALTER TABLE `ai_analytics`.genai_events_local  RESET SETTING min_bytes_for_wide_part;

ALTER TABLE `ai_analytics`.genai_feedback_local  RESET SETTING min_bytes_for_wide_part;

ALTER TABLE `ai_analytics`.genai_users_local  RESET SETTING min_bytes_for_wide_part;

ALTER TABLE `ai_analytics`.genai_events_1m_local  RESET SETTING min_bytes_for_wide_part;
